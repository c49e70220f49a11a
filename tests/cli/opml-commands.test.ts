import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { validateConfigCandidate } from '../../src/cli/validate-config-candidate.js';
import { readRuntimeEnv } from '../../src/config/runtime-env.js';
import { writeConfigDir } from '../helpers/config-dir.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/opml/${name}`, import.meta.url));
const LEMAGIT = 'https://www.lemagit.fr/rss/ContentSyndication.xml';
const HEADER =
  '# Sources imported from OPML by `veille import-opml`. Edit freely: later imports add to this\n' +
  '# list and skip feeds whose URL or name is already configured.\n\n';

/** A config dir with one source (LeMagIT) and the default watch. */
async function configWithLeMagIT(): Promise<string> {
  return writeConfigDir(await tempDir(), { sources: [{ name: 'LeMagIT', url: LEMAGIT }] });
}

async function yamlFiles(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.yaml')).sort();
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readFile(join(dir, name), 'utf8')] as const)));
}

describe('veille import-opml', () => {
  it('adds new feeds to imported-sources.yaml, skips known ones, and leaves the other files alone', async () => {
    const dir = await configWithLeMagIT();
    const before = await yamlFiles(dir);

    const result = await runCliInProcess(['import-opml', fixture('feedly.opml'), '--config', dir]);
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout:
        `imported 2 sources into ${dir}/imported-sources.yaml:\n` +
        '  + Le Monde Informatique - Cloud (https://www.lemondeinformatique.fr/flux-rss/thematique/le-monde-du-cloud-computing/rss.xml)\n' +
        '  + CERT-FR – Alertes et avis (https://www.cert.ssi.gouv.fr/feed/)\n' +
        'skipped 2 feeds:\n' +
        `  - LeMagIT (${LEMAGIT}): same URL as source 'LeMagIT'\n` +
        `  - LeMagIT (${LEMAGIT}): same URL as source 'LeMagIT'\n`,
    });
    const after = await yamlFiles(dir);
    expect(after).toEqual({
      ...before,
      'imported-sources.yaml':
        HEADER +
        'sources:\n' +
        '  - name: Le Monde Informatique - Cloud\n' +
        '    url: https://www.lemondeinformatique.fr/flux-rss/thematique/le-monde-du-cloud-computing/rss.xml\n' +
        '  - name: CERT-FR – Alertes et avis\n' +
        '    url: https://www.cert.ssi.gouv.fr/feed/\n',
    });
    expect(await runCliInProcess(['check', '--config', dir])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^configuration OK: 3 sources, /) });
  });

  it('appends to its own file on the next import, keeping comments, and imports nothing twice', async () => {
    const dir = await configWithLeMagIT();
    await writeFile(join(dir, 'imported-sources.yaml'), '# mes flux\nsources:\n  - name: Next # garde ce commentaire\n    url: https://next.ink/feed/\n');

    const first = await runCliInProcess(['import-opml', fixture('inoreader.opml'), '--config', dir]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      `imported 3 sources into ${dir}/imported-sources.yaml:\n` +
        '  + Journal du Net (https://www.journaldunet.com/rss/)\n' +
        '  + Google News – SecNumCloud (https://news.google.com/rss/search?q=SecNumCloud&hl=fr&gl=FR&ceid=FR:fr)\n' +
        '  + Numerama (https://www.numerama.com/feed/)\n' +
        'skipped 1 feed:\n' +
        "  - Next (https://next.ink/feed/): same URL as source 'Next'\n",
    );
    const content = await readFile(join(dir, 'imported-sources.yaml'), 'utf8');
    expect(content).toBe(
      '# mes flux\n' +
        'sources:\n' +
        '  - name: Next # garde ce commentaire\n' +
        '    url: https://next.ink/feed/\n' +
        '  - name: Journal du Net\n' +
        '    url: https://www.journaldunet.com/rss/\n' +
        '  - name: Google News – SecNumCloud\n' +
        '    url: https://news.google.com/rss/search?q=SecNumCloud&hl=fr&gl=FR&ceid=FR:fr\n' +
        '  - name: Numerama\n' +
        '    url: https://www.numerama.com/feed/\n',
    );

    const again = await runCliInProcess(['import-opml', fixture('inoreader.opml'), '--config', dir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(
      'nothing to import: all 4 feeds skipped\n' +
        "  - Next (https://next.ink/feed/): same URL as source 'Next'\n" +
        "  - Journal du Net (https://www.journaldunet.com/rss/): same URL as source 'Journal du Net'\n" +
        "  - Google News – SecNumCloud (https://news.google.com/rss/search?q=SecNumCloud&hl=fr&gl=FR&ceid=FR:fr): same URL as source 'Google News – SecNumCloud'\n" +
        "  - Numerama (https://www.numerama.com/feed/): same URL as source 'Numerama'\n",
    );
    expect(await readFile(join(dir, 'imported-sources.yaml'), 'utf8')).toBe(content);
  });

  it('--dry-run reports what it would add and writes nothing', async () => {
    const dir = await configWithLeMagIT();
    const before = await yamlFiles(dir);
    const result = await runCliInProcess(['import-opml', fixture('netnewswire.opml'), '--config', dir, '--dry-run']);
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout:
        `would import 3 sources into ${dir}/imported-sources.yaml:\n` +
        '  + Siècle Digital (https://siecledigital.fr/feed/)\n' +
        '  + L’Usine Digitale (https://www.usine-digitale.fr/rss)\n' +
        '  + Solutions Numériques (https://www.solutions-numeriques.com/feed/)\n',
    });
    expect(await yamlFiles(dir)).toEqual(before);
  });

  it('reads standard input with -, in a legacy charset', async () => {
    const dir = await configWithLeMagIT();
    const latin1 = await readFile(fixture('latin1.opml'), 'latin1');
    const result = await runCliInProcess(['import-opml', '-', '--config', dir], { stdin: latin1 });
    expect(result.stdout).toBe(`imported 1 source into ${dir}/imported-sources.yaml:\n  + Échos du numérique (https://echos.example/r%C3%A9sum%C3%A9.xml)\n`);
  });

  it('writes $ as $$, so that a feed URL is never read as an environment variable', async () => {
    const dir = await configWithLeMagIT();
    const opml = '<opml version="2.0"><body><outline text="Prix en $" xmlUrl="https://example.fr/feed?q=${HOME}&amp;p=$5"/></body></opml>';
    const result = await runCliInProcess(['import-opml', '-', '--config', dir], { stdin: opml, env: { HOME: '/root' } });
    expect(result.code).toBe(0);
    expect(await readFile(join(dir, 'imported-sources.yaml'), 'utf8')).toBe(HEADER + 'sources:\n  - name: Prix en $$\n    url: https://example.fr/feed?q=$${HOME}&p=$$5\n');
    const exported = await runCliInProcess(['export-opml', '--config', dir], { env: { HOME: '/root' } });
    expect(exported.stdout).toContain('<outline type="rss" text="Prix en $" title="Prix en $" xmlUrl="https://example.fr/feed?q=${HOME}&amp;p=$5"/>');
  });

  it.each([
    { name: 'no FILE', args: [], code: 2, stderr: 'veille import-opml: give the OPML FILE to import (- for standard input)\n' },
    { name: 'a missing file', args: ['/nonexistent/abonnements.opml'], code: 1, stderr: 'veille import-opml: cannot read /nonexistent/abonnements.opml: no such file\n' },
    {
      name: 'an HTML page',
      args: [fixture('not-opml.html')],
      code: 1,
      stderr: `veille import-opml: ${fixture('not-opml.html')}: not an OPML document: the root element is <html>, expected <opml>\n`,
    },
    { name: 'a cut file', args: [fixture('truncated.opml')], code: 1, stderr: `veille import-opml: ${fixture('truncated.opml')}: the OPML document is cut short: it ends before </opml>\n` },
  ])('refuses $name and writes nothing', async ({ args, code, stderr }) => {
    const dir = await configWithLeMagIT();
    const before = await yamlFiles(dir);
    expect(await runCliInProcess(['import-opml', ...args, '--config', dir])).toEqual({ code, stdout: '', stderr });
    expect(await yamlFiles(dir)).toEqual(before);
  });

  it('refuses a binary file (a compressed export) and writes nothing', async () => {
    const dir = await configWithLeMagIT();
    const file = join(dir, '..', 'abonnements.opml.gz');
    await writeFile(file, gzipSync(await readFile(fixture('feedly.opml'))));
    expect(await runCliInProcess(['import-opml', file, '--config', dir])).toEqual({ code: 1, stdout: '', stderr: `veille import-opml: cannot read ${file}: not a text file\n` });
    expect(await readdir(dir)).not.toContain('imported-sources.yaml');
  });

  it('refuses to import into an invalid configuration', async () => {
    const root = await tempDir();
    const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: 'gopher://x' }] });
    const result = await runCliInProcess(['import-opml', fixture('feedly.opml'), '--config', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("sources.yaml:3: sources[0].url: unsupported scheme 'gopher:' (expected http or https)");
    expect(await readdir(dir)).not.toContain('imported-sources.yaml');
  });

  it('checks a candidate file with the config loader, naming the real directory', async () => {
    const dir = await configWithLeMagIT();
    const runtime = readRuntimeEnv({});
    const ok = 'sources:\n  - name: Next\n    url: https://next.ink/feed/\n';
    expect(await validateConfigCandidate(dir, 'my-feeds', { file: 'imported-sources.yaml', content: ok }, runtime)).toEqual([]);
    const clash = 'sources:\n  - name: Next\n    url: https://next.ink/feed/\n  - name: LeMagIT\n    url: https://www.lemagit.fr/autre.xml\n';
    expect(await validateConfigCandidate(dir, 'my-feeds', { file: 'imported-sources.yaml', content: clash }, runtime)).toEqual([
      { file: 'my-feeds/sources.yaml', line: 2, path: 'sources[0].name', message: "duplicate source name 'LeMagIT' (also my-feeds/imported-sources.yaml)" },
    ]);
    expect(await readdir(dir)).not.toContain('imported-sources.yaml');
  });
});

describe('veille export-opml', () => {
  it('prints the configured sources as OPML 2.0, which import-opml reads back', async () => {
    const from = await writeConfigDir(await tempDir(), {
      sources: [
        { name: 'LeMagIT', url: LEMAGIT },
        { name: 'Ponts & Chaussées', url: 'https://example.fr/flux?cat=ponts&format=rss' },
      ],
    });
    const exported = await runCliInProcess(['export-opml', '--config', from]);
    expect(exported).toEqual({
      code: 0,
      stderr: '',
      stdout:
        '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<opml version="2.0">\n' +
        '  <head>\n' +
        '    <title>veille sources</title>\n' +
        '  </head>\n' +
        '  <body>\n' +
        `    <outline type="rss" text="LeMagIT" title="LeMagIT" xmlUrl="${LEMAGIT}"/>\n` +
        '    <outline type="rss" text="Ponts &amp; Chaussées" title="Ponts &amp; Chaussées" xmlUrl="https://example.fr/flux?cat=ponts&amp;format=rss"/>\n' +
        '  </body>\n' +
        '</opml>\n',
    });

    const to = await writeConfigDir(await tempDir(), { sources: [{ name: 'Next', url: 'https://next.ink/feed/' }] });
    expect((await runCliInProcess(['import-opml', '-', '--config', to], { stdin: exported.stdout })).code).toBe(0);
    const roundTrip = await runCliInProcess(['export-opml', '--config', to]);
    // Files are read in name order: imported-sources.yaml comes before sources.yaml.
    expect(roundTrip.stdout).toBe(exported.stdout.replace('  </body>\n', '    <outline type="rss" text="Next" title="Next" xmlUrl="https://next.ink/feed/"/>\n  </body>\n'));
  });

  it('exits 2 on an invalid configuration', async () => {
    const dir = await writeConfigDir(await tempDir(), { sources: [{ name: 'A', url: 'gopher://x' }] });
    expect(await runCliInProcess(['export-opml', '--config', dir])).toMatchObject({ code: 2, stdout: '' });
  });

  it('exports what the config says, never the secret a ${VAR} holds', async () => {
    const dir = await writeConfigDir(await tempDir(), { sources: [{ name: 'Privé', url: 'https://example.fr/feed?token=${FEED_TOKEN}' }] });
    const exported = await runCliInProcess(['export-opml', '--config', dir], { env: { FEED_TOKEN: 's3cr3tvalue' } });
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('xmlUrl="https://example.fr/feed?token=${FEED_TOKEN}"');
    expect(exported.stdout).not.toContain('s3cr3tvalue');
  });
});

describe('veille import-opml, outlines without a feed URL', () => {
  it('lists them as skipped instead of dropping them silently', async () => {
    const dir = await configWithLeMagIT();
    const opml =
      '<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>' +
      '<outline text="Presse"><outline text="Next" xmlUrl="https://next.ink/feed/"/><outline text="Perdu en route"/></outline>' +
      '<outline text="Un lien" type="link" url="https://example.fr/page.html"/>' +
      '</body></opml>';
    const result = await runCliInProcess(['import-opml', '-', '--config', dir], { stdin: opml });
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout:
        `imported 1 source into ${dir}/imported-sources.yaml:\n` +
        '  + Next (https://next.ink/feed/)\n' +
        'skipped 2 feeds:\n' +
        '  - Perdu en route: no feed URL (xmlUrl) in this outline\n' +
        '  - Un lien: no feed URL (xmlUrl) in this outline\n',
    });
  });
});

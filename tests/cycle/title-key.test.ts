import { describe, expect, it } from 'vitest';
import { titleKeysOf } from '../../src/cycle/title-key.js';

const OUTLET = 'https://www.lemagit.fr/rss/ContentSyndication.xml';
const GOOGLE = 'https://news.google.com/rss/search?q=Huawei&hl=fr';

describe('titleKeysOf', () => {
  it.each([
    ['folds case, accents and punctuation', 'Orange met fin à son partenariat avec Huawei !', OUTLET, 'title:orange met fin a son partenariat avec huawei'],
    ['same key for curly and straight apostrophes', 'L’Europe veut bannir d’Huawei', OUTLET, 'title:l europe veut bannir d huawei'],
    ['same key for straight apostrophes', "L'Europe veut bannir d'Huawei", OUTLET, 'title:l europe veut bannir d huawei'],
    ['drops the Google News outlet suffix', 'Orange met fin à son partenariat avec Huawei - LeMagIT', GOOGLE, 'title:orange met fin a son partenariat avec huawei'],
    ['keeps a dash inside an outlet title', 'Cloud - Orange met fin à son partenariat', OUTLET, 'title:cloud orange met fin a son partenariat'],
    ['too short to identify a story', 'Édito du jour', OUTLET, undefined],
    ['too short once the suffix is gone', 'Huawei recrute - Le Monde Informatique', GOOGLE, undefined],
    ['empty', '', OUTLET, undefined],
  ])('%s', (_name, title, feedUrl, expected) => {
    expect(titleKeysOf(feedUrl)(title)).toBe(expected);
  });
});

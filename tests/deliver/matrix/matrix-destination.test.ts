import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMatrixDestination } from '../../../src/deliver/matrix/matrix-destination.js';
import { MATRIX_PACING } from '../../../src/deliver/matrix/matrix-limits.js';
import { escapeHtml, renderMatrixMessage } from '../../../src/deliver/matrix/render/matrix-message.js';
import { startFakeMatrix, type FakeMatrix } from '../../helpers/fake-matrix.js';
import { HOSTILE_TITLE, makeDelivery } from '../../render/delivery-fixture.js';
import { deliveryFailure, printed, sendOne } from '../delivery-failure.js';

const TOKEN = 'syt_Ym90_SECRETtokenVALUE_1a2b3c';
const ROOM = '!veille:tchap.example';

let fake: FakeMatrix;
beforeAll(async () => {
  fake = await startFakeMatrix({ users: [{ token: TOKEN, rooms: [ROOM] }] });
});
afterAll(() => fake.close());

function destination(overrides: { token?: string; room?: string } = {}) {
  return createMatrixDestination({ name: 'tchap', homeserver: fake.homeserver, roomId: overrides.room ?? ROOM, accessToken: overrides.token ?? TOKEN, timeZone: 'Europe/Paris' });
}

describe('Matrix destination', () => {
  it('PUTs an m.notice with the idempotency key as transaction id; a repeat creates no second event', async () => {
    const matrix = destination();
    expect([matrix.type, matrix.batchLimit, matrix.pacing]).toEqual(['matrix', 1, MATRIX_PACING]);
    const delivery = { ...makeDelivery(), idempotencyKey: 'k4Yx-story-key_0123456789' };
    const before = fake.events.length;
    await sendOne(matrix, delivery);
    await sendOne(matrix, delivery);
    expect(fake.events.length).toBe(before + 1);
    const requests = fake.requests.slice(-2);
    expect(requests.map((r) => [r.method, r.path, r.authorization])).toEqual(
      Array(2).fill(['PUT', `/_matrix/client/v3/rooms/${encodeURIComponent(ROOM)}/send/m.room.message/k4Yx-story-key_0123456789`, `Bearer ${TOKEN}`]),
    );
    expect(fake.events.at(-1)?.content).toEqual({
      msgtype: 'm.notice',
      body: [
        'Le cloud souverain progresse',
        'https://www.example.fr/articles/cloud-souverain',
        'LeMagIT · 5 mars 2024 à 14:30',
        'Termes : cloud souverain',
        'Veille : Cloud souverain',
        'Les offres de cloud souverain se multiplient en France.',
      ].join('\n'),
      format: 'org.matrix.custom.html',
      formatted_body:
        '<p><strong><a href="https://www.example.fr/articles/cloud-souverain">Le cloud souverain progresse</a></strong></p>' +
        '<p>LeMagIT · 5 mars 2024 à 14:30</p><p>Termes : cloud souverain — Veille : Cloud souverain</p>' +
        '<p>Les offres de cloud souverain se multiplient en France.</p>',
      'm.mentions': {},
    });
  });

  it('HTML-escapes every feed string: the only markup in formatted_body is ours', () => {
    const message = renderMatrixMessage(
      makeDelivery({
        item: { title: `<img src=x onerror=alert(1)> @room ${HOSTILE_TITLE}`, summary: '<a href="javascript:x">clic</a> <script>x</script> &amp; "q" \'s\'', source: '<b>S</b>', link: 'https://ex.example/a"onmouseover="x' },
        watch: '<@room>',
        terms: ['<i>t</i>'],
      }),
    );
    const tags = [...message.formatted_body.matchAll(/<\/?([a-z]+)[^>]*>/g)].map((m) => m[0]);
    expect(new Set(tags.map((tag) => tag.replace(/^<\/?([a-z]+).*$/s, '$1')))).toEqual(new Set(['p', 'strong', 'a']));
    expect(tags.filter((tag) => tag.startsWith('<a '))).toEqual(['<a href="https://ex.example/a%22onmouseover=%22x">']);
    expect(message.formatted_body).toContain('&lt;img src=x onerror=alert(1)&gt; @room');
    expect(message.formatted_body).toContain('&lt;a href=&quot;javascript:x&quot;&gt;clic&lt;/a&gt; &lt;script&gt;x&lt;/script&gt; &amp;amp; &quot;q&quot; &#39;s&#39;');
    expect(message.body).toContain('<img src=x onerror=alert(1)> @room');
    expect(message['m.mentions']).toEqual({});
    expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThan(65_536);
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });

  it('honours retry_after_ms on 429, disables on 401 and 403, and never shows the token', async () => {
    fake.enqueue({ status: 429, body: { errcode: 'M_LIMIT_EXCEEDED', error: 'Too Many Requests', retry_after_ms: 2500 } }, { status: 500, body: { errcode: 'M_UNKNOWN', error: 'Internal server error' } });
    const limited = await deliveryFailure(sendOne(destination(), makeDelivery()));
    expect([limited.outcome, limited.retryAfterMs, limited.message]).toEqual(['rate-limited', 2500, 'Matrix room "tchap": HTTP 429 M_LIMIT_EXCEEDED: Too Many Requests']);
    const flaky = await deliveryFailure(sendOne(destination(), makeDelivery()));
    expect([flaky.outcome, flaky.status]).toEqual(['retry', 500]);
    const revoked = await deliveryFailure(sendOne(destination({ token: 'syt_revoked' }), makeDelivery()));
    expect([revoked.outcome, revoked.status, revoked.message]).toEqual(['disable', 401, 'Matrix room "tchap": HTTP 401 M_UNKNOWN_TOKEN: Invalid access token passed.']);
    const kicked = await deliveryFailure(sendOne(destination({ room: '!other:tchap.example' }), makeDelivery()));
    expect([kicked.outcome, kicked.status]).toEqual(['disable', 403]);
    fake.enqueue({ status: 413, body: { errcode: 'M_TOO_LARGE', error: 'event too large' } });
    const large = await deliveryFailure(sendOne(destination(), makeDelivery()));
    expect([large.outcome, large.status]).toEqual(['permanent', 413]);
    for (const error of [limited, flaky, revoked, kicked, large]) expect(printed(error)).not.toContain(TOKEN);
  });

  it('changes its fingerprint with the token (a new token re-enables a disabled room), never shows it', () => {
    const a = destination();
    const b = destination({ token: 'syt_new_token' });
    expect(a.fingerprint).not.toBe(b.fingerprint);
    expect(a.fingerprint).not.toContain(TOKEN);
  });

  it.each([
    { name: 'room alias instead of id', room: '#veille:tchap.example', message: 'destination "d": roomId must be a room id such as !abcdef:example.org' },
    { name: 'http homeserver off loopback', homeserver: 'http://matrix.example', message: 'destination "d": homeserver must use https (http only on loopback), got "http://matrix.example"' },
    { name: 'empty token', token: '', message: 'destination "d": accessToken is empty or holds spaces' },
  ])('rejects bad settings: $name', ({ room, homeserver, token, message }) => {
    expect(() => createMatrixDestination({ name: 'd', homeserver: homeserver ?? 'https://matrix.example', roomId: room ?? ROOM, accessToken: token ?? TOKEN })).toThrow(message);
  });
});

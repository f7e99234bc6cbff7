import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { OTHER_KEY, OTHER_KID, VIDEO_BYTES, WV_OK, rawRequest, rightsUrlFor, startTestSandbox, withParam, type TestSandbox } from './helpers.ts';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t?.close();
});

const video = () => `${t.sandbox.url}/sample/video.mp4`;

describe('sandbox sample stream: served like a CDN', () => {
  it('serves each file whole with its content type, Accept-Ranges and CORS', async () => {
    const expected: [string, string][] = [
      ['manifest.mpd', 'application/dash+xml'],
      ['video.mp4', 'video/mp4'],
      ['audio.mp4', 'audio/mp4'],
    ];
    for (const [name, type] of expected) {
      const r = await rawRequest(`${t.sandbox.url}/sample/${name}`);
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe(type);
      expect(r.headers['accept-ranges']).toBe('bytes');
      expect(r.headers['access-control-allow-origin']).toBe('*');
    }
    expect((await rawRequest(video())).body.equals(VIDEO_BYTES)).toBe(true);
  });

  it('a byte range gets 206 with Content-Range and exactly those bytes', async () => {
    const r = await rawRequest(video(), { headers: { range: 'bytes=100-199' } });
    expect(r.status).toBe(206);
    expect(r.headers['content-range']).toBe('bytes 100-199/1000');
    expect(r.headers['content-length']).toBe('100');
    expect(r.body.equals(VIDEO_BYTES.subarray(100, 200))).toBe(true);
  });

  it('open-ended and suffix ranges work, and an end past the file is cut to the file', async () => {
    const open = await rawRequest(video(), { headers: { range: 'bytes=990-' } });
    expect(open.headers['content-range']).toBe('bytes 990-999/1000');
    expect(open.body.equals(VIDEO_BYTES.subarray(990))).toBe(true);
    const suffix = await rawRequest(video(), { headers: { range: 'bytes=-10' } });
    expect(suffix.status).toBe(206);
    expect(suffix.body.equals(VIDEO_BYTES.subarray(990))).toBe(true);
    const past = await rawRequest(video(), { headers: { range: 'bytes=995-5000' } });
    expect(past.headers['content-range']).toBe('bytes 995-999/1000');
  });

  it('a range beyond the file is 416 with Content-Range bytes */size', async () => {
    const r = await rawRequest(video(), { headers: { range: 'bytes=1000-1010' } });
    expect(r.status).toBe(416);
    expect(r.headers['content-range']).toBe('bytes */1000');
  });

  it('HEAD gives the length without the body; a preflight for Range is answered', async () => {
    const head = await rawRequest(video(), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('1000');
    expect(head.body.length).toBe(0);
    const pre = await rawRequest(video(), { method: 'OPTIONS', headers: { origin: 'http://player.test', 'access-control-request-method': 'GET', 'access-control-request-headers': 'range' } });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-headers']).toBe('range');
  });

  it('only the sample files exist: anything else is 404, and POST is 405', async () => {
    expect((await rawRequest(`${t.sandbox.url}/sample/sample.json`)).status).toBe(404);
    expect((await rawRequest(`${t.sandbox.url}/sample/..%2fsample.json`)).status).toBe(404);
    expect((await rawRequest(video(), { method: 'POST', body: 'x' })).status).toBe(405);
  });
});

describe('the committed sample, served by a default sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('announces the documented sample kid/key and serves its manifest with ClearKey protection', async () => {
    const json = JSON.parse(readFileSync(new URL('../../../sandbox/sample/sample.json', import.meta.url), 'utf8')) as { kid: string; contentKey: string };
    expect(sandbox.sample).toEqual({ manifestUrl: `${sandbox.url}/sample/manifest.mpd`, kid: json.kid, contentKey: json.contentKey });
    const mpd = (await rawRequest(sandbox.sample.manifestUrl)).body.toString('utf8');
    expect(mpd).toContain('e2719d58-a985-b3c9-781a-b030af78d30e');
  });

  it('/sample/<token>/ serves the clip re-encrypted for that token kid', async () => {
    const rightsUrl = await rightsUrlFor(sandbox, withParam(withParam(WV_OK, 'kid', OTHER_KID), 'contentKey', OTHER_KEY));
    const token = new URL(rightsUrl).searchParams.get('ExpressPlayToken')!;
    const mpd = (await rawRequest(`${sandbox.url}/sample/${token}/manifest.mpd`)).body.toString('utf8');
    const uuid = OTHER_KID.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
    expect(mpd).toContain(`cenc:default_KID="${uuid}"`);
    const part = await rawRequest(`${sandbox.url}/sample/${token}/video.mp4`, { headers: { range: 'bytes=0-7' } });
    expect(part.status).toBe(206);
    expect(part.body.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect((await rawRequest(`${sandbox.url}/sample/not-a-token/manifest.mpd`)).status).toBe(404);
  });
});

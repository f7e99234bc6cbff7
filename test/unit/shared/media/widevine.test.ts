import { describe, expect, it } from 'vitest';
import { WireType } from '@bufbuild/protobuf/wire';
import { bytesToHex, hexToBytes } from '../../../../shared/bytes.ts';
import { decodeWidevineMessage, SERVICE_CERTIFICATE_REQUEST } from '../../../../shared/media/widevine.ts';
import { widevinePsshBox, widevinePsshData } from '../../../../sandbox/media/pssh-boxes.ts';
import { KID, WRAPPED_KEY, license, licenseRequest, message, signed } from './widevine-fixtures.ts';

describe('decodeWidevineMessage: a license', () => {
  const decoded = decodeWidevineMessage(signed(2, license(), (w) => w.tag(50, WireType.LengthDelimited).string('future')));

  it('names the policy, so licenseDuration can be checked against the token', () => {
    expect(decoded.kind).toBe('license');
    expect(decoded.problems).toEqual([]);
    expect(decoded.license!.policy).toMatchObject({
      canPlay: true,
      canPersist: false,
      canRenew: true,
      licenseDurationSeconds: 3600,
      renewalServerUrl: 'https://renew.example/',
      playStartGracePeriodSeconds: 30,
      unknownFields: [{ field: 42, wireType: 'varint', value: '7' }],
    });
    expect(decoded.license!.id).toMatchObject({ requestId: { text: 'req-1' }, sessionId: { text: 'session-9' }, type: { name: 'STREAMING' } });
    expect(decoded.license!.licenseStartTime).toEqual({ seconds: 1_700_000_000, iso: '2023-11-14T22:13:20.000Z' });
    expect(decoded.license!.protectionScheme).toBe('cenc');
    expect(decoded.license!.platformVerificationStatus).toEqual({ value: 2, name: 'PLATFORM_SOFTWARE_VERIFIED' });
  });

  it('lists key containers with kid, type, security level and HDCP by name', () => {
    const [signing, content] = decoded.license!.keys;
    expect(signing).toMatchObject({ type: { name: 'SIGNING' }, keyLength: 64, level: { value: 1, name: 'SW_SECURE_CRYPTO' }, levelExplicit: false });
    expect(content).toMatchObject({
      kid: KID,
      type: { value: 2, name: 'CONTENT' },
      level: { value: 3, name: 'HW_SECURE_CRYPTO' },
      levelExplicit: true,
      requiredProtection: { hdcp: { value: 2, name: 'HDCP_V2' }, cgmsFlags: { value: 3, name: 'COPY_NEVER' } },
      videoResolutionConstraints: [{ minResolutionPixels: 0, maxResolutionPixels: 921600 }],
      trackLabel: 'SD',
      keyLength: 32,
    });
  });

  it('shows the wrapped key by length only, never its bytes', () => {
    const text = JSON.stringify(decoded, (_k, v: unknown) => (v instanceof Uint8Array ? bytesToHex(v) : v));
    expect(text).not.toContain(bytesToHex(WRAPPED_KEY));
    expect(text).not.toContain('a1a2a3a4');
  });

  it('keeps unknown envelope fields visible by number, and sizes of the signature', () => {
    expect(decoded.unknownFields).toEqual([{ field: 50, wireType: 'bytes', value: bytesToHex(new TextEncoder().encode('future')), text: 'future' }]);
    expect(decoded.signatureSize).toBe(256);
  });
});

describe('decodeWidevineMessage: a license request', () => {
  const request = licenseRequest;

  it('reads the KIDs from a whole pssh box, the request type, protocol version and the encrypted client id provider', () => {
    const decoded = decodeWidevineMessage(signed(1, request(widevinePsshBox([hexToBytes(KID)!], { provider: 'intertrust' }))));
    expect(decoded.kind).toBe('license-request');
    expect(decoded.problems).toEqual([]);
    const r = decoded.licenseRequest!;
    expect(r).toMatchObject({
      clientIdPresent: false,
      type: { name: 'NEW' },
      protocolVersion: { value: 21, name: 'VERSION_2_1' },
      requestTime: { seconds: 1_700_000_100 },
      encryptedClientId: { providerId: 'widevine_test', serviceCertificateSerialNumber: '0badc0de', encryptedSize: 700 },
    });
    expect(r.contentId).toMatchObject({ kind: 'widevine_pssh_data', kids: [KID], licenseType: { name: 'STREAMING' }, requestId: { hex: '0102' } });
    expect(r.contentId!.pssh[0]!.widevine!.provider).toBe('intertrust');
  });

  it('also reads pssh_data that is only the WidevinePsshData payload', () => {
    const decoded = decodeWidevineMessage(signed(1, request(widevinePsshData([hexToBytes(KID)!], { contentId: new Uint8Array([9]) }))));
    expect(decoded.licenseRequest!.contentId!.kids).toEqual([KID]);
    expect(decoded.licenseRequest!.contentId!.widevinePsshData[0]!.contentId).toEqual({ hex: '09' });
  });
});

describe('decodeWidevineMessage: other messages and bad input', () => {
  it('recognises the 2-byte service certificate request 08 04', () => {
    expect(decodeWidevineMessage(SERVICE_CERTIFICATE_REQUEST)).toMatchObject({ kind: 'service-certificate-request', type: { name: 'SERVICE_CERTIFICATE_REQUEST' }, problems: [] });
  });

  it('decodes a license error', () => {
    const decoded = decodeWidevineMessage(signed(3, message((w) => w.tag(1, WireType.Varint).int32(3))));
    expect(decoded).toMatchObject({ kind: 'error', licenseError: { errorCode: { value: 3, name: 'SERVICE_UNAVAILABLE' } } });
  });

  it('returns problems, never throws, for JSON, empty, truncated and random bytes', () => {
    expect(decodeWidevineMessage(new TextEncoder().encode('{"kids":[]}')).problems[0]).toMatch(/JSON/);
    expect(decodeWidevineMessage(new Uint8Array(0)).problems[0]).toMatch(/no bytes/);
    const whole = signed(2, license());
    for (let n = 1; n < whole.length; n += 7) {
      const cut = decodeWidevineMessage(whole.subarray(0, n));
      expect(cut.problems.length).toBeGreaterThan(0);
    }
    let seed = 7;
    for (let i = 0; i < 200; i++) {
      const junk = new Uint8Array(40).map(() => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
      expect(() => decodeWidevineMessage(junk)).not.toThrow();
    }
    expect(decodeWidevineMessage(new Uint8Array([0x08, 0x02])).problems).toContain('a LICENSE without its msg (field 2)');
    const unsigned = message((w) => w.tag(1, WireType.Varint).int32(2).tag(2, WireType.LengthDelimited).bytes(license()));
    expect(decodeWidevineMessage(unsigned).problems).toEqual([
      'a LICENSE without its signature (field 3): real ones are always signed, so this one was cut short or built by hand',
    ]);
  });
});

// Widevine license messages for display, from the shared/media decoder: the request (type,
// content id KIDs, provider, protocol) and the license (policy, key containers with level and
// HDCP). Wrapped keys appear as lengths only; nothing here can decrypt anything.
import { count } from '../plural.ts';
import { decodeWidevineMessage, type LicenseInfo, type OutputProtectionInfo, type PolicyInfo } from '../media/widevine.ts';
import type { LicenseMessageView, LicenseTerms } from './inspection.ts';

const yesNo = (b: boolean | undefined) => (b === undefined ? undefined : b ? 'yes' : 'no');
const seconds = (n: number | undefined, zero = 'unlimited') => (n === undefined ? undefined : n === 0 ? `0 (${zero})` : `${n} s`);

function policyPairs(p: PolicyInfo | undefined): [string, string][] {
  if (!p) return [];
  const rows: [string, string | undefined][] = [
    ['can_play', yesNo(p.canPlay)],
    ['can_persist', yesNo(p.canPersist)],
    ['can_renew', yesNo(p.canRenew)],
    ['license_duration_seconds', seconds(p.licenseDurationSeconds)],
    ['playback_duration_seconds', seconds(p.playbackDurationSeconds)],
    ['rental_duration_seconds', seconds(p.rentalDurationSeconds)],
    ['renewal_server_url', p.renewalServerUrl],
    ['renewal_delay_seconds', seconds(p.renewalDelaySeconds, 'none')],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== undefined);
}

const hdcpOf = (p: OutputProtectionInfo | undefined) => (p ? p.hdcp.value : null);

/** What a token controls, read from a decoded license (content keys only). */
export function licenseTerms(license: LicenseInfo): LicenseTerms {
  const content = license.keys.filter((k) => k.type?.name === 'CONTENT' || (k.type === undefined && k.kid !== undefined));
  return {
    licenseDurationSeconds: license.policy?.licenseDurationSeconds ?? null,
    playbackDurationSeconds: license.policy?.playbackDurationSeconds ?? null,
    keys: content.map((k) => ({ kid: k.kid ?? null, level: k.level.value, hdcp: hdcpOf(k.requiredProtection) })),
  };
}

export function inspectWidevineMessage(bytes: Uint8Array, direction: 'request' | 'response'): LicenseMessageView {
  const m = decodeWidevineMessage(bytes);
  const fields: [string, string][] = [['SignedMessage.type', m.type?.name ?? m.kind]];
  const view: LicenseMessageView = { direction, format: 'widevine', summary: '', fields, policy: [], keys: [], problems: [...m.problems] };
  if (m.serviceVersionInfo?.licenseServiceVersion) fields.push(['license_service_version', m.serviceVersionInfo.licenseServiceVersion]);
  const req = m.licenseRequest;
  if (req) {
    if (req.type) fields.push(['request type', req.type.name]);
    if (req.protocolVersion) fields.push(['protocol_version', req.protocolVersion.name]);
    if (req.requestTime?.iso) fields.push(['request_time', req.requestTime.iso]);
    if (req.encryptedClientId?.providerId) fields.push(['client id encrypted for provider', req.encryptedClientId.providerId]);
    if (req.encryptedClientId?.serviceCertificateSerialNumber) fields.push(['service certificate serial', req.encryptedClientId.serviceCertificateSerialNumber]);
    if (req.contentId) {
      fields.push(['content_id', req.contentId.kind]);
      if (req.contentId.licenseType) fields.push(['license_type', req.contentId.licenseType.name]);
      const wv = [...req.contentId.widevinePsshData, ...req.contentId.pssh.flatMap((p) => (p.widevine ? [p.widevine] : []))];
      const provider = wv.find((d) => d.provider)?.provider;
      const contentId = wv.find((d) => d.contentId)?.contentId;
      if (provider) fields.push(['provider', provider]);
      if (contentId) fields.push(['pssh content_id', contentId.text ?? contentId.hex]);
      view.keys = req.contentId.kids.map((kid) => ({ kid, type: 'requested', key: null, level: null, hdcp: null }));
    }
    view.summary = `Widevine license request (${req.type?.name ?? '?'}) for ${count(req.contentId?.kids.length ?? 0, 'KID')}, ${bytes.length} bytes`;
    view.problems.push(...req.problems);
  }
  const lic = m.license;
  if (lic) {
    if (lic.id?.type) fields.push(['license type', lic.id.type.name]);
    if (lic.licenseStartTime?.iso) fields.push(['license_start_time', lic.licenseStartTime.iso]);
    if (lic.protectionScheme) fields.push(['protection_scheme', lic.protectionScheme]);
    if (lic.platformVerificationStatus) fields.push(['platform_verification_status', lic.platformVerificationStatus.name]);
    view.policy = policyPairs(lic.policy);
    view.keys = lic.keys.map((k) => ({
      kid: k.kid ?? null,
      type: k.type?.name ?? '?',
      key: k.keyLength !== undefined ? `wrapped, ${k.keyLength} bytes` : null,
      level: k.type?.name === 'CONTENT' ? k.level.value : null,
      hdcp: k.type?.name === 'CONTENT' ? hdcpOf(k.requiredProtection) : null,
    }));
    view.terms = licenseTerms(lic);
    const content = view.terms.keys.length;
    view.summary = `Widevine LICENSE with ${count(content, 'content key')}, ${bytes.length} bytes`;
    view.problems.push(...lic.problems);
  }
  if (m.licenseError) {
    fields.push(['error_code', m.licenseError.errorCode?.name ?? '?']);
    view.summary = `Widevine ERROR_RESPONSE ${m.licenseError.errorCode?.name ?? ''}`.trim();
  }
  if (!view.summary) view.summary = m.kind === 'not-widevine' ? `Not a Widevine message (${bytes.length} bytes)` : `Widevine ${m.type?.name ?? m.kind}, ${bytes.length} bytes`;
  return view;
}

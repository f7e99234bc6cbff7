// `drm-workbench lint --help`: kept apart from the command's code, so help and the command list load nothing else.
export const HELP = `Usage: drm-workbench lint [widevine|fairplay|playready] "<request>" [--json]
       drm-workbench lint --file FILE|- [--drm widevine|fairplay|playready] [--json]

Checks an ExpressPlay token request the way the token service would, before it is sent:
every finding has the ExpressPlay code the service would answer (e.g. -4020), the parameter
at fault and what to do. Warnings cover unknown or mis-cased names, another DRM's
parameters, a raw + that decodes to a space, and points the documents leave ambiguous
(for PlayReady: expirationTime, cookie, useHttps and the device-ID restriction).

<request> is any of:
  a whole URL     'https://wv-gen.test.expressplay.com/hms/wv/token?kid=…&securityLevel=1'
  a query string  'kid=…&contentKey=…'  (with or without a leading ?)
  a POST body     the application/x-www-form-urlencoded body
  a curl command  'curl -d "kid=…" https://fp-gen.test.expressplay.com/hms/fp/token'
  (PlayReady:     'https://pr-gen.test.expressplay.com/hms/pr/token?rightsType=Rental&…')
  -               read the request from standard input
Quote it for the shell: & and ? are special. Line breaks inside are ignored.

The DRM: a URL's path tells it (/hms/wv/ Widevine, /hms/fp/ FairPlay, /hms/pr/ PlayReady), or
PlayReady-only parameters (rightsType, the OPLs, rental.*) with no Widevine or FairPlay one;
otherwise give it first (widevine, fairplay, playready) or with --drm.

--file FILE (or - for standard input) lints many requests, one a line (blank lines and
# comments skipped, a line ending in \\ continues), each with the DRM of its own URL or
--drm, and prints a summary by code: how many requests have it and on which lines.

A customerAuthenticator in the input is checked for shape but never printed: only a
masked hint such as 201722,…28ae appears.

Options:
  --file FILE  many requests, one a line; - reads standard input
  --drm DRM    widevine, fairplay or playready, for requests whose URL does not tell
  --json       print {"drm", "findings": [...], "authenticatorHint"}; each finding is an explanation:
               {code, source, severity, title, cause, faults: [{kind: "param", param}], fix, facts, data}
               (with --file: {requests, withErrors, withWarningsOnly, clean, unknownDrm, codes: [{code,
               severity, title, count, lines}], lines: [{line, drm, findings, authenticatorHint}]})
  --help       this text

Exit status: 0 no errors (warnings allowed), 1 at least one error (or a line whose DRM is
unknown), 2 bad usage.

Examples:
  drm-workbench lint widevine 'kid=123&securityLevel=9'
  drm-workbench lint 'https://wv-gen.test.expressplay.com/hms/wv/token?kid=123'
  drm-workbench lint --file failing-requests.txt --drm widevine`;

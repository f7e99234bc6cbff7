// `drm-workbench explain --help`: kept apart from the command's code, so help and the command list load nothing else.
export const HELP = `Usage: drm-workbench explain <code | error body | -> [--json]

Explains an ExpressPlay error code or an HTTP status of the token API: the service's
wording, the cause, the parameter at fault, how to fix it, the DRMs it applies to, and
when it happens (token issue, license redemption, or the account).

<code> is an ExpressPlay code such as -4021 (4021 works too) or an HTTP status such as 401.
An error body works too, read as the app's "Paste an error" reads it: a JSON body
('{"code": -4010, "message": "[-4010] …"}'), an HTML error page, a curl -i transcript, or
what a player said (a Shaka error, the browser's media messages). - reads it from standard
input. A customerAuthenticator in it is never printed (only a masked hint).

Options:
  --json   print the explanation as JSON: {code, source, severity, title, cause,
           faults, fix, facts, data: {stage, drms, serviceText}}
  --list   list every known code with its title
  --help   this text

Exit status: 0 explained, 1 unknown code (or no code in the body), 2 bad usage.

Examples:
  drm-workbench explain -2018
  curl -s 'https://…/hms/wv/token?…' | drm-workbench explain -`;

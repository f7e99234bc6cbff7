// Which environment variables a suite's ${VAR} may read in the app. The renderer sends suite text
// to be parsed and gets the resolved cases back, so a ${VAR} is a way for the page to read the
// privileged process's environment: only variables named SUITE_… are offered (set for the suite
// on purpose), never the rest (EXPRESSPLAY_AUTHENTICATOR_*, cloud keys, tokens). The CLI, which
// runs as the user in the user's own shell, reads every variable.
export const APP_VARIABLE_PREFIX = 'SUITE_';

export const APP_VARIABLES_NOTE = `; the app reads only variables named ${APP_VARIABLE_PREFIX}… — set it before starting the app`;

export function appSuiteVariables(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (name.startsWith(APP_VARIABLE_PREFIX) && value !== undefined) out[name] = value;
  return out;
}

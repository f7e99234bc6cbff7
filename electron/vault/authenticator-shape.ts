// The one rule the service states for a customerAuthenticator: `<account digits>,<32 hex>`.
// Checked before saving so a paste with a missing comma or a truncated key is caught here,
// not as a -2018 at the first token request. Messages never repeat the value.

const SHAPE = /^\d{1,12},[0-9a-fA-F]{32}$/;

export type ShapeCheck = { ok: true; value: string } | { ok: false; message: string };

/** Trims the paste (leading/trailing whitespace is never part of the key) and checks its shape. */
export function checkAuthenticatorShape(input: string): ShapeCheck {
  const value = input.trim();
  if (SHAPE.test(value)) return { ok: true, value };
  const comma = value.indexOf(',');
  let detail: string;
  if (comma < 0) detail = 'it has no comma between the account number and the key';
  else if (!/^\d{1,12}$/.test(value.slice(0, comma))) detail = 'the part before the comma is not an account number (digits only)';
  else {
    const key = value.slice(comma + 1);
    detail = /^[0-9a-fA-F]*$/.test(key)
      ? `the key after the comma has ${key.length} hex digits instead of 32`
      : 'the key after the comma contains characters that are not hex digits (0-9, a-f)';
  }
  return {
    ok: false,
    message:
      `An authenticator must look like <account digits>,<32 hex digits> (e.g. 201722,1ad8…28ae), but ${detail}. ` +
      'The service would refuse it with -2018 (invalid authenticator). Copy it again from the ExpressPlay admin portal.',
  };
}

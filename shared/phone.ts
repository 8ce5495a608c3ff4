/**
 * Phone numbers as dispatch systems export them, turned into E.164 (`+15125550123`), the one
 * form text-message providers accept and the one two spellings of a number compare equal in.
 */

/** Countries whose national numbers we read without a `+`: calling code and trunk prefix. */
export const PHONE_COUNTRIES = {
  US: { code: "1", trunk: "1" },
  CA: { code: "1", trunk: "1" },
  PR: { code: "1", trunk: "1" },
  MX: { code: "52", trunk: "" },
  GB: { code: "44", trunk: "0" },
  IE: { code: "353", trunk: "0" },
  AU: { code: "61", trunk: "0" },
  NZ: { code: "64", trunk: "0" },
  ES: { code: "34", trunk: "" },
  FR: { code: "33", trunk: "0" },
  DE: { code: "49", trunk: "0" },
} as const;
export type PhoneCountry = keyof typeof PHONE_COUNTRIES;
export const PHONE_COUNTRY_CODES = Object.keys(PHONE_COUNTRIES) as PhoneCountry[];
export const DEFAULT_PHONE_COUNTRY: PhoneCountry = "US";

/** What may separate digits in a written number: spaces, dashes, dots, slashes, parentheses. */
const SEPARATORS = /[\s().\-/]/g;
const E164 = /^\+[1-9]\d{7,14}$/;
// North American numbers: area code and exchange never start with 0 or 1.
const NANP_NATIONAL = /^[2-9]\d{2}[2-9]\d{6}$/;

/**
 * The E.164 form of a number, or null when it cannot be one. Accepted: `+` and the country
 * code (`+1 512 555 0123`), `00` and the country code (`0044 20 7946 0958`), and a national
 * number of the agency's country (`(512) 555-0123`, `1-512-555-0123` in the US;
 * `020 7946 0958` in GB), each with spaces, dashes, dots, slashes or parentheses between
 * digits. Anything else (letters, extensions, too few or too many digits) is refused rather
 * than guessed.
 */
export function normalizePhone(written: string, country: PhoneCountry): string | null {
  const compact = written.trim().replace(SEPARATORS, "");
  let international: string;
  if (compact.startsWith("+")) international = compact;
  else if (compact.startsWith("00")) international = `+${compact.slice(2)}`;
  else if (/^\d+$/.test(compact)) international = fromNational(compact, country);
  else return null;
  if (!E164.test(international)) return null;
  if (international.startsWith("+1") && !NANP_NATIONAL.test(international.slice(2))) return null;
  return international;
}

function fromNational(digits: string, country: PhoneCountry): string {
  const { code, trunk } = PHONE_COUNTRIES[country];
  let national = digits;
  if (code === "1") {
    if (national.length === 11 && national.startsWith("1")) national = national.slice(1);
  } else if (trunk && national.startsWith(trunk)) {
    national = national.slice(trunk.length);
  }
  return `+${code}${national}`;
}

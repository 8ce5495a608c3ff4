import { PASSWORD_MIN_LENGTH } from "@shared/accounts.js";

/**
 * Bases of the passwords that top every breach list. A candidate is refused when, once
 * lower-cased, "de-leeted" and stripped of trailing digits and symbols, it is one of these
 * (so "P@ssw0rd2024!" counts as "password"). The length rule already rules out the short ones
 * as typed; this catches them padded up to length.
 */
const COMMON_BASES = new Set([
  "password",
  "passphrase",
  "qwerty",
  "qwertyuiop",
  "asdfghjkl",
  "zxcvbnm",
  "letmein",
  "welcome",
  "welcomehome",
  "admin",
  "administrator",
  "iloveyou",
  "sunshine",
  "princess",
  "football",
  "baseball",
  "basketball",
  "soccer",
  "monkey",
  "dragon",
  "master",
  "shadow",
  "superman",
  "batman",
  "trustno",
  "starwars",
  "whatever",
  "freedom",
  "changeme",
  "default",
  "secret",
  "login",
  "abc",
  "abcdef",
  "police",
  "policedepartment",
  "sheriff",
  "officer",
  "community",
  "communitypulse",
  "survey",
  "summer",
  "winter",
  "spring",
  "autumn",
  "january",
  "february",
  "march",
  "april",
  "august",
  "september",
  "october",
  "november",
  "december",
  "hello",
  "helloworld",
  "charlie",
  "michael",
  "jennifer",
  "jordan",
  "hunter",
  "killer",
  "computer",
  "internet",
  "mustang",
  "access",
  "flower",
  "cheese",
  "pokemon",
  "liverpool",
  "chelsea",
  "arsenal",
  "samsung",
  "google",
  "test",
  "tester",
  "testing",
  "temp",
  "temporary",
  "user",
  "guest",
  "root",
]);

/** Runs that people type as "random": alphabet, digits and keyboard rows, either way round. */
const SEQUENCES = [
  "abcdefghijklmnopqrstuvwxyz",
  "0123456789",
  "qwertyuiopasdfghjklzxcvbnm",
  "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
  "zaq1xsw2cde3vfr4bgt5nhy6mju7",
];
const SEQUENCE_TEXT = [...SEQUENCES, ...SEQUENCES.map((s) => [...s].reverse().join(""))];

const LEET: Record<string, string> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "@": "a",
  $: "s",
};

function deLeet(value: string): string {
  return value.replace(/[0134579@$]/g, (c) => LEET[c] ?? c);
}

/** True when the whole value is one short unit repeated ("abcabcabcabc", "passwordpassword"). */
function isRepetition(value: string): boolean {
  for (let size = 1; size <= value.length / 2; size++) {
    if (value.length % size !== 0) continue;
    if (value.slice(0, size).repeat(value.length / size) === value) return true;
  }
  return false;
}

/** True when the value (letters and digits only) is a stretch of a well-known sequence. */
function isSequence(value: string): boolean {
  if (value.length < 6) return false;
  return SEQUENCE_TEXT.some((sequence) => sequence.repeat(3).includes(value));
}

/**
 * Every reason a password is too weak, as sentences for the person choosing it; empty when it
 * is acceptable. `email` (the account's own address) must not appear in it.
 */
export function passwordProblems(password: string, email = ""): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) {
    problems.push(`must be at least ${PASSWORD_MIN_LENGTH} characters long`);
    return problems;
  }
  const lower = password.toLowerCase();
  const alnum = lower.replace(/[^a-z0-9]/g, "");
  if (new Set(lower).size < 4) {
    problems.push("uses too few different characters");
  } else if (isRepetition(lower) || isRepetition(alnum)) {
    problems.push("repeats the same few characters");
  }
  if (isSequence(alnum) || isSequence(deLeet(alnum).replace(/[^a-z0-9]/g, ""))) {
    problems.push("is a keyboard or alphabet sequence");
  }
  // Trailing digits and symbols ("…2024!") and leading digits add little against a guesser.
  const stem = lower.replace(/[\d\W_]+$/, "").replace(/^\d+/, "");
  const base = deLeet(stem).replace(/[^a-z]/g, "");
  if (COMMON_BASES.has(base) || isRepetitionOfCommon(base)) {
    problems.push("is one of the most common passwords");
  }
  const local = email.toLowerCase().split("@")[0] ?? "";
  if (email && (lower.includes(email.toLowerCase()) || (local.length >= 3 && lower.includes(local)))) {
    problems.push("must not contain your email address");
  }
  return problems;
}

/** "passwordpassword", "qwertyqwerty": a common base typed twice to reach the length. */
function isRepetitionOfCommon(base: string): boolean {
  for (let size = 3; size <= base.length / 2; size++) {
    if (base.length % size !== 0) continue;
    const unit = base.slice(0, size);
    if (unit.repeat(base.length / size) === base && COMMON_BASES.has(unit)) return true;
  }
  return false;
}

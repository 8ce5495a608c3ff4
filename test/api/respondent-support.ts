import type { ApiClient } from "../helpers/api-client.js";

/** Helpers for the respondent page tests: reading the page's form and posting it back. */

export interface Page {
  status: number;
  html: string;
  headers: Headers;
}

export async function getPage(url: string, headers: Record<string, string> = {}): Promise<Page> {
  const response = await fetch(url, { headers, redirect: "manual" });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

/** The value of the form field `name` as the page rendered it (hidden fields, text inputs). */
export function fieldValue(html: string, name: string): string | undefined {
  const input = new RegExp(`<input[^>]*name="${name.replace(/[[\]]/g, "\\$&")}"[^>]*>`).exec(html)?.[0];
  return input ? /value="([^"]*)"/.exec(input)?.[1] : undefined;
}

/** The page fields a browser sends back with the form (`_sid`, `_lang`, `_ts`, `_t`, `_hp`). */
export function pageFields(html: string): Array<[string, string]> {
  return ["_sid", "_lang", "_ts", "_t", "_hp"]
    .map((name): [string, string | undefined] => [name, fieldValue(html, name)])
    .filter((pair): pair is [string, string] => pair[1] !== undefined);
}

/** Answers in the API's shape as the form's fields: matrix items as `q[item]`, lists repeated. */
export function answersToFields(answers: Record<string, unknown>): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  for (const [id, value] of Object.entries(answers)) {
    if (Array.isArray(value)) for (const v of value) fields.push([id, String(v)]);
    else if (value !== null && typeof value === "object") {
      for (const [item, v] of Object.entries(value)) fields.push([`${id}[${item}]`, String(v)]);
    } else fields.push([id, String(value)]);
  }
  return fields;
}

export interface Posted {
  status: number;
  location: string | null;
  html: string;
  headers: Headers;
}

/** Posts fields the way a browser without script posts the survey form. */
export async function postForm(
  baseUrl: string,
  slug: string,
  fields: Array<[string, string]>,
  headers: Record<string, string> = {},
): Promise<Posted> {
  const response = await fetch(`${baseUrl}/s/${slug}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
  return {
    status: response.status,
    location: response.headers.get("location"),
    html: await response.text(),
    headers: response.headers,
  };
}

/** How many responses the survey has, as an analyst (or admin) sees in the results. */
export async function storedCount(staff: ApiClient, surveyId: string): Promise<number> {
  const results = await staff.get<{ n: number }>(`/api/v1/surveys/${surveyId}/results`);
  if (results.status !== 200) throw new Error(`results: ${results.status} ${JSON.stringify(results.body)}`);
  return results.body.n;
}

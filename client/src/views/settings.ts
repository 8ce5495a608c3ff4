import type { District } from "@shared/accounts.js";
import type { InvitationRules } from "@shared/invitation-rules.js";
import { api } from "../api.js";
import { h } from "../dom.js";
import { describeError, problemCount, problemsOf, showProblems, type Problem } from "../errors.js";
import type { HeadlinePeriod } from "@shared/periods.js";
import { checkboxField, idFor, selectField, textField } from "../fields.js";
import type { Shell } from "../shell.js";
import { auditSection } from "./settings-audit.js";
import { boundariesSection } from "./settings-boundaries.js";
import { brandingSection } from "./settings-branding.js";
import { invitationRulesSection } from "./settings-invitations.js";
import { apiKeysSection } from "./settings-keys.js";
import { marginsSection } from "./settings-margins.js";
import { smsSection } from "./settings-sms.js";
import "./settings.css";

/** The agency as `GET /agency` presents it. */
export interface AgencySettings {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  languages: string[];
  districts: District[];
  margins: Record<string, Record<string, number>>;
  suppressionThreshold: number;
  headlinePeriod: HeadlinePeriod;
  retentionDays: number;
  /** The rules in effect: the agency's choices over the defaults. */
  invitationRules: InvitationRules;
  brandColor: string | null;
  logoUrl: string | null;
  benchmarks: { share: boolean };
}

interface Draft {
  name: string;
  timezone: string;
  languages: string;
  districts: string;
  suppressionThreshold: string;
  headlinePeriod: string;
  retentionDays: string;
  shareBenchmarks: string;
}

const toDraft = (agency: AgencySettings): Draft => ({
  name: agency.name,
  timezone: agency.timezone,
  languages: agency.languages.join(", "),
  districts: agency.districts.map(districtLine).join("\n"),
  suppressionThreshold: String(agency.suppressionThreshold),
  headlinePeriod: agency.headlinePeriod,
  retentionDays: String(agency.retentionDays),
  shareBenchmarks: agency.benchmarks.share ? "yes" : "no",
});

/** "D1 North District | es: Distrito Norte": the code, the name, then its name in other languages. */
function districtLine(district: District): string {
  const others = Object.entries(district.names ?? {}).map(([language, name]) => ` | ${language}: ${name}`);
  return `${district.code} ${district.name}${others.join("")}`;
}

/** One district per line (see `districtLine`); a line that cannot be read is reported, not guessed. */
function parseDistricts(text: string, problems: Problem[]): District[] {
  const districts: District[] = [];
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .forEach((line, i) => {
      const [main, ...others] = line.split("|").map((part) => part.trim());
      const match = /^(\S+)\s+(.+)$/.exec(main!);
      const names = others.map((part) => /^([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)\s*:\s*(.+)$/.exec(part));
      if (!match) {
        problems.push({ path: "districts", message: `Line ${i + 1} needs a code, a space, then a name.` });
      } else if (names.some((m) => !m)) {
        problems.push({
          path: "districts",
          message: `Line ${i + 1}: after each “|” write a language code, a colon, then the name, e.g. | es: Norte.`,
        });
      } else {
        districts.push({
          code: match[1]!,
          name: match[2]!.trim(),
          names: Object.fromEntries(names.map((m) => [m![1]!, m![2]!.trim()])),
        });
      }
    });
  return districts;
}

const asNumber = (text: string): number | string => (/^\s*\d+\s*$/.test(text) ? Number(text) : text);

/** Only what changed goes to the server, so the audit log names exactly what an admin changed. */
function changes(agency: AgencySettings, draft: Draft, problems: Problem[]): Record<string, unknown> {
  const next: Record<string, unknown> = {
    name: draft.name.trim(),
    timezone: draft.timezone.trim(),
    languages: draft.languages
      .split(/[\s,]+/)
      .map((l) => l.trim())
      .filter(Boolean),
    districts: parseDistricts(draft.districts, problems),
    suppressionThreshold: asNumber(draft.suppressionThreshold),
    headlinePeriod: draft.headlinePeriod,
    retentionDays: asNumber(draft.retentionDays),
    benchmarks: { share: draft.shareBenchmarks === "yes" },
  };
  const current: Record<string, unknown> = { ...agency };
  return Object.fromEntries(
    Object.entries(next).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(current[key])),
  );
}

function timezoneList(): HTMLDataListElement {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.("timeZone") ?? [];
  return h("datalist", { id: "timezones" }, ...zones.map((zone) => h("option", { value: zone })));
}

function detailsForm(
  shell: Shell,
  agency: AgencySettings,
  onSaved: (agency: AgencySettings) => void,
): HTMLElement {
  const draft = toDraft(agency);
  const summaryHost = h("div", { class: "summary-host" });
  const field = (label: string, key: keyof Draft, extra: Partial<Parameters<typeof textField>[0]> = {}) =>
    textField({ label, path: key, value: draft[key], onInput: (v) => (draft[key] = v), ...extra });
  const form = h(
    "form",
    { class: "panel", "aria-labelledby": "details-heading", novalidate: true },
    h("h2", { id: "details-heading" }, "Agency details"),
    summaryHost,
    field("Agency name", "name", { maxLength: 120, required: true }),
    field("Timezone", "timezone", {
      list: "timezones",
      hint: "As in America/Chicago. Periods and quiet hours follow it.",
    }),
    timezoneList(),
    field("Languages", "languages", {
      hint: "Language codes separated by commas, e.g. en, es, vi. The first is the default.",
    }),
    field("Districts", "districts", {
      multiline: true,
      hint: "One per line: the code, a space, then the name, e.g. D1 North District. Names in other languages follow a “|”: D1 North District | es: Distrito Norte.",
    }),
    h(
      "div",
      { class: "inline-fields" },
      field("Smallest group shown outside analysts", "suppressionThreshold", {
        type: "number",
        inputMode: "numeric",
        hint: "Groups with fewer responses are shown as “fewer than” this number (1 to 100).",
      }),
      field("Keep raw responses for (days)", "retentionDays", {
        type: "number",
        inputMode: "numeric",
        hint: "30 to 3650. Summaries are kept after raw answers are deleted.",
      }),
    ),
    selectField({
      label: "Results lead with the latest complete",
      path: "headlinePeriod",
      value: draft.headlinePeriod,
      choices: [
        { value: "month", label: "Month" },
        { value: "quarter", label: "Quarter (three months)" },
      ],
      onChange: (v) => (draft.headlinePeriod = v),
    }),
    checkboxField({
      label:
        "Compare with peer agencies: share our index figures that the public may see, and see the median and quartiles of other sharing agencies",
      summaryLabel: "Compare with peer agencies",
      path: "benchmarks.share",
      checked: draft.shareBenchmarks === "yes",
      onChange: (checked) => (draft.shareBenchmarks = checked ? "yes" : "no"),
    }),
    h("button", { type: "submit" }, "Save agency details"),
  );
  form.querySelector(`#${idFor("districts")}`)?.setAttribute("rows", "5");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const problems: Problem[] = [];
    const body = changes(agency, draft, problems);
    if (problems.length > 0) {
      return showProblems(form, summaryHost, problemCount(problems.length, "the agency details"), problems);
    }
    if (Object.keys(body).length === 0) return shell.announce("Nothing has changed.");
    try {
      const reply = await api<{ agency: AgencySettings }>("PATCH", "/agency", body);
      summaryHost.replaceChildren();
      onSaved(reply.agency);
      shell.announce("Agency details saved.");
    } catch (error) {
      const found = problemsOf(error);
      showProblems(
        form,
        summaryHost,
        problemCount(found.length, "the agency details"),
        found,
        describeError(error),
      );
    }
  });
  return form;
}

/**
 * Agency settings for admins: details, branding, population margins, invitation rules, API keys
 * and recent activity.
 */
export async function showSettings(shell: Shell): Promise<void> {
  let { agency } = await api<{ agency: AgencySettings }>("GET", "/agency");
  const heading = h("h1", { tabindex: "-1" }, "Agency settings");
  const detailsHost = h("div");
  const draw = () =>
    detailsHost.replaceChildren(detailsForm(shell, agency, (saved) => ((agency = saved), draw())));
  draw();
  const contents = h(
    "nav",
    { "aria-label": "On this page" },
    h(
      "ul",
      { class: "link-list" },
      ...[
        ["details-heading", "Agency details"],
        ["branding-heading", "Branding"],
        ["boundaries-heading", "District boundaries"],
        ["margins-heading", "Population margins"],
        ["rules-heading", "Invitation rules"],
        ["sms-heading", "Text messages"],
        ["keys-heading", "API keys"],
        ["audit-heading", "Recent activity"],
      ].map(([id, label]) => h("li", {}, h("a", { href: `#${id}` }, label!))),
    ),
  );
  shell.view.replaceChildren(
    heading,
    contents,
    detailsHost,
    brandingSection(shell, agency),
    await boundariesSection(shell),
    marginsSection(shell, agency),
    invitationRulesSection(shell, agency),
    await smsSection(),
    await apiKeysSection(shell),
    await auditSection(shell),
  );
  shell.arrived(heading, "Agency settings");
}

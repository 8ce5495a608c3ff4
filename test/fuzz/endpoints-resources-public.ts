import { communityAnswers } from "../helpers/answers.js";
import type { Endpoint } from "./endpoint-types.js";
import type { Json } from "./mutations.js";

/** Replaced by a fresh id in every request sent, so no run is mistaken for a retry. */
export const SUBMISSION_PLACEHOLDER = "fuzz-submission-id";

/** Resources, invitations, public-page settings, then everything residents and open-data users call. */
export const OTHER_ENDPOINTS: Endpoint[] = [
  // Resources.
  {
    method: "GET",
    path: "/api/v1/resources",
    caller: "anonymous",
    query: (c) => ({ theme: "safety", agency: c.ids.agencySlug.valid }),
    queryKeys: ["category", "theme", "agency"],
  },
  {
    method: "POST",
    path: "/api/v1/resources",
    caller: "admin",
    role: "admin",
    body: () => ({
      category: "Fuzz category",
      title: "Fuzz resource",
      kind: "resource",
      summary: "A summary",
      themes: ["safety.night"],
      url: "https://example.org/resource",
    }),
    rules: { nullable: ["url"] },
    collections: ["resources"],
  },
  {
    method: "PATCH",
    path: "/api/v1/resources/{id}",
    caller: "admin",
    role: "admin",
    idKind: "resource",
    body: () => ({ title: "Edited", summary: "Edited summary", url: null }),
    rules: { nullable: ["url"] },
    collections: ["resources"],
  },
  {
    method: "GET",
    path: "/api/v1/surveys/{id}/resources",
    caller: "admin",
    idKind: "survey",
    // The dashboard's filters, so the resources follow the card's flag.
    query: () => ({ weighted: "true", district: "D1", from: "2026-01-01", to: "2026-12-31" }),
    queryKeys: ["weighted", "district", "from", "to"],
  },
  // Invitations.
  {
    method: "POST",
    path: "/api/v1/surveys/{id}/invitations",
    caller: "admin",
    role: "designer",
    idKind: "postContact",
    query: () => ({ dryRun: "1" }),
    queryKeys: ["dryRun"],
    body: () => ({
      contacts: [
        { email: "resident@example.org", district: "D1", contactType: "traffic_stop", language: "en" },
      ],
    }),
    // Each contact row is judged on its own: a bad row is reported in the 2xx answer.
    rules: { lenient: ["contacts.*"] },
    otherContentTypes: true,
    collections: ["invitations"],
  },
  { method: "GET", path: "/api/v1/surveys/{id}/invitations/summary", caller: "admin", idKind: "postContact" },
  {
    method: "POST",
    path: "/api/v1/contacts",
    caller: "admin",
    role: "designer",
    body: () => ({
      contacts: [
        { incidentNumber: "FUZZ-1", callType: "traffic_stop", email: "resident@example.org", district: "D1" },
      ],
    }),
    // Each contact is judged on its own: a bad one is reported as invalid in the 200 answer.
    rules: { lenient: ["contacts.*"] },
    collections: ["invitations", "incidentkeys"],
  },
  // Public results settings and "you said, we did".
  {
    method: "GET",
    path: "/api/v1/surveys/{id}/publication",
    caller: "admin",
    role: "admin",
    idKind: "survey",
  },
  {
    method: "PUT",
    path: "/api/v1/surveys/{id}/publication",
    caller: "admin",
    role: "admin",
    idKind: "survey",
    body: () => ({ published: true, questions: ["q_safe_night", "q_district"] }),
    collections: ["surveys"],
  },
  {
    method: "GET",
    path: "/api/v1/actions",
    caller: "admin",
    role: "admin",
    query: (c) => ({ surveyId: c.surveyId }),
    queryKeys: ["surveyId"],
  },
  {
    method: "POST",
    path: "/api/v1/actions",
    caller: "admin",
    role: "admin",
    body: (c) => ({
      title: "Fixed the street lights",
      body: "We fixed them.",
      surveyId: c.surveyId,
      indicator: "q_safe_night",
      date: "2026-03-01",
      status: "done",
    }),
    rules: { nullable: ["surveyId", "indicator"] },
    collections: ["actions"],
  },
  {
    method: "PATCH",
    path: "/api/v1/actions/{id}",
    caller: "admin",
    role: "admin",
    idKind: "action",
    body: () => ({ title: "Updated", status: "in_progress", date: "2026-04-30", indicator: "safety" }),
    rules: { nullable: ["indicator"] },
    collections: ["actions"],
  },
  {
    method: "DELETE",
    path: "/api/v1/actions/{id}",
    caller: "admin",
    role: "admin",
    idKind: "doomedAction",
    bodyless: true,
    collections: ["actions"],
  },
  // Public: respondents and open data.
  { method: "GET", path: "/healthz", caller: "anonymous" },
  { method: "GET", path: "/api/v1/print/card.css", caller: "anonymous" },
  { method: "GET", path: "/p/assets/public.css", caller: "anonymous", html: true },
  { method: "GET", path: "/s/sw.js", caller: "anonymous", html: true },
  { method: "GET", path: "/api/v1/public/surveys/{id}", caller: "anonymous", idKind: "surveySlug" },
  {
    method: "POST",
    path: "/api/v1/public/surveys/{id}/responses",
    caller: "anonymous",
    idKind: "surveySlug",
    body: () => ({
      submissionId: SUBMISSION_PLACEHOLDER,
      language: "en",
      channel: "qr",
      answers: communityAnswers(7) as Json,
    }),
    // A null answer is a skipped one: valid for the optional questions, missing for the others.
    rules: { nullable: ["answers.q_district", "answers.q_age", "answers.q_gender", "answers.q_race"] },
    collections: ["responses"],
  },
  {
    method: "GET",
    path: "/api/v1/public/agencies/{id}/results",
    caller: "anonymous",
    idKind: "agencySlug",
    query: () => ({ lang: "es" }),
    queryKeys: ["lang"],
  },
  { method: "GET", path: "/api/v1/public/agencies/{id}/logo", caller: "anonymous", idKind: "agencySlug" },
  {
    method: "GET",
    path: "/p/{id}",
    caller: "anonymous",
    idKind: "agencySlug",
    query: () => ({ lang: "en" }),
    queryKeys: ["lang"],
    html: true,
  },
  {
    method: "GET",
    path: "/p/{id}/brand.css",
    caller: "anonymous",
    idKind: "agencySlug",
    // An unknown agency simply has no brand colour: an empty stylesheet, not an error.
    idLenient: true,
    html: true,
  },
  { method: "GET", path: "/s/{id}", caller: "anonymous", idKind: "surveySlug", html: true },
  { method: "GET", path: "/s/{id}/thanks", caller: "anonymous", idKind: "surveySlug", html: true },
  {
    method: "POST",
    path: "/s/{id}",
    caller: "anonymous",
    idKind: "surveySlug",
    form: true,
    html: true,
    collections: ["responses"],
  },
  {
    method: "GET",
    path: "/opt-out",
    caller: "anonymous",
    query: () => ({ c: "abc" }),
    queryKeys: ["c"],
    html: true,
  },
  { method: "POST", path: "/opt-out", caller: "anonymous", form: true, html: true, collections: ["optouts"] },
  {
    method: "GET",
    path: "/digest/unsubscribe",
    caller: "anonymous",
    query: () => ({ t: "0123456789abcdef01234567.abc" }),
    queryKeys: ["t"],
    html: true,
  },
  {
    method: "POST",
    path: "/digest/unsubscribe",
    caller: "anonymous",
    form: true,
    html: true,
    collections: ["users"],
  },
];

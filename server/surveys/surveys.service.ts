import { randomBytes } from "node:crypto";
import { Types } from "mongoose";
import { checkDefinitionRules, checkTranslations } from "@shared/definition-rules.js";
import type { LocalizedText, Question, SurveyDefinition, SurveyKind } from "@shared/survey.js";
import { AppError, conflict, forbidden, notFound } from "@server/platform/errors.js";
import { domainEvents } from "@server/platform/events.js";
import { lookupKeys } from "@server/platform/lookup-keys.js";
import type { StaffContext } from "@server/accounts/accounts.service.js";
import { SurveyModel, type SurveyRecord } from "./survey.model.js";
import { findTemplate, templates } from "./templates/index.js";

export type Survey = SurveyRecord;

/**
 * `surveyslugs`: `_id` = a public slug → its survey. The respondent page looks a survey up by
 * slug on every request, which the embedded engine serves from its index only by `_id`.
 */
const slugKeys = lookupKeys({
  name: "survey-slug-keys",
  collection: "surveyslugs",
  records: SurveyModel,
  field: "slug",
});

/** Keys every survey stored before slug keys existed, once per database; run at start. */
export async function ensureSurveySlugKeys(): Promise<{ keyed: number }> {
  return slugKeys.backfill();
}

export function listTemplates() {
  return templates;
}

type DefinitionInput = Partial<SurveyDefinition> & {
  template?: string;
  public?: { published: boolean; questions: string[] };
};

function slugBase(title: LocalizedText, languages: string[]): string {
  const base = (title[languages[0] ?? "en"] ?? Object.values(title)[0] ?? "survey")
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return base || "survey";
}

function slugFor(title: LocalizedText, languages: string[]): string {
  return `${slugBase(title, languages)}-${randomBytes(4).toString("hex").slice(0, 6)}`;
}

/** The slug for a draft's new title: unchanged when the title still gives the same words. */
function renamedSlug(slug: string, title: LocalizedText, languages: string[]): string {
  const base = slugBase(title, languages);
  return slug.replace(/-[a-f0-9]{6}$/, "") === base ? slug : slugFor(title, languages);
}

/** Rejects a definition that breaks a question-type rule, naming every offending field. */
function assertValidDefinition(
  definition: Pick<SurveyDefinition, "title" | "languages" | "questions">,
): void {
  const problems = checkDefinitionRules(definition.questions, definition.languages);
  const defaultLanguage = definition.languages[0]!;
  if (!definition.title[defaultLanguage]?.trim()) {
    problems.unshift({
      path: `title.${defaultLanguage}`,
      message: "needs text in the survey's first language",
    });
  }
  if (problems.length > 0) {
    throw new AppError(
      400,
      "invalid_definition",
      "The survey definition breaks the question rules.",
      problems,
    );
  }
}

/** Rejects a definition with a text missing in one of its languages: respondents would meet it. */
function assertTranslated(
  definition: Pick<SurveyDefinition, "title" | "languages" | "questions">,
  message: string,
): void {
  const problems = checkTranslations(definition.title, definition.questions, definition.languages);
  if (problems.length > 0) throw new AppError(400, "incomplete_translation", message, problems);
}

/** Creates a draft from a template (with optional overrides) or from a full definition. */
export async function createSurvey(staff: StaffContext, input: DefinitionInput): Promise<Survey> {
  let base: DefinitionInput = input;
  if (input.template) {
    const template = findTemplate(input.template);
    if (!template) {
      throw new AppError(400, "validation_failed", "The request has invalid fields.", [
        { path: "template", message: `"${input.template}" is not a known template` },
      ]);
    }
    const { template: templateId, ...overrides } = input;
    base = {
      title: template.title,
      description: template.description,
      kind: template.kind,
      languages: template.languages,
      questions: template.questions,
      settings: template.settings,
      ...overrides,
      template: templateId,
    };
  }
  const definition = {
    title: base.title!,
    description: base.description ?? {},
    kind: base.kind as SurveyKind,
    languages: base.languages!,
    questions: base.questions!,
    settings: { anonymous: true, oneResponsePerToken: false, ...base.settings },
  };
  assertValidDefinition(definition);
  const _id = new Types.ObjectId();
  const slug = slugFor(definition.title, definition.languages);
  const created = await slugKeys.keyed(slug, _id, () =>
    SurveyModel.create({
      ...definition,
      _id,
      agency: staff.agencyId,
      slug,
      template: base.template ?? null,
      createdBy: staff.userId,
    }),
  );
  return created!.toObject() as Survey;
}

export async function listSurveys(agencyId: string): Promise<Survey[]> {
  return SurveyModel.find({ agency: agencyId }).sort({ createdAt: -1 }).lean<Survey[]>();
}

/** The surveys of these agencies that were started from a template, for comparing agencies. */
export async function listTemplateSurveys(agencyIds: string[], template: string): Promise<Survey[]> {
  if (agencyIds.length === 0) return [];
  return SurveyModel.find({ agency: { $in: agencyIds }, template }).lean<Survey[]>();
}

/** A survey of the caller's agency; another agency's id answers exactly like a missing one. */
export async function getSurvey(agencyId: string, surveyId: string): Promise<Survey> {
  const survey = await SurveyModel.findOne({ _id: surveyId, agency: agencyId }).lean<Survey>();
  if (!survey) throw notFound("survey");
  return survey;
}

/**
 * Edits a survey. Once responses exist, its questions are frozen as a version: changing them
 * starts a new version and keeps the old one in `history`.
 */
export async function patchSurvey(
  staff: StaffContext,
  surveyId: string,
  changes: DefinitionInput,
): Promise<Survey> {
  const current = await getSurvey(staff.agencyId, surveyId);
  if (changes.public && staff.role !== "admin")
    throw forbidden("Only admins choose what the public page shows.");
  const merged = {
    title: changes.title ?? (current.title as LocalizedText),
    languages: changes.languages ?? current.languages,
    questions: changes.questions ?? current.questions,
  };
  assertValidDefinition(merged);
  // Residents of an open survey read it in every one of its languages at once, so an edit may
  // not leave a text untranslated (the rule publishing enforces).
  if (current.status === "open")
    assertTranslated(merged, "Every text needs a translation while the survey is open.");
  if (changes.public) {
    const known = new Set(merged.questions.map((q) => q.id));
    const unknown = changes.public.questions.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new AppError(
        400,
        "validation_failed",
        "The request has invalid fields.",
        unknown.map((id) => ({
          path: "public.questions",
          message: `"${id}" is not a question of this survey`,
        })),
      );
    }
  }
  const set: Record<string, unknown> = { ...changes };
  const update: Record<string, unknown> = { $set: set };
  // A draft's link cannot be shared yet (link, QR code and cards answer 409 until publishing),
  // so its slug follows its title; from the first publish on it never changes.
  if (current.status === "draft" && (changes.title || changes.languages)) {
    const slug = renamedSlug(current.slug, merged.title, merged.languages);
    if (slug !== current.slug) set["slug"] = slug;
  }
  const questionsChanged =
    changes.questions && JSON.stringify(changes.questions) !== JSON.stringify(current.questions);
  if (questionsChanged && current.hasResponses) {
    set["version"] = current.version + 1;
    update["$push"] = {
      history: { version: current.version, questions: current.questions, replacedAt: new Date() },
    };
  }
  // A slug only moves while the survey is still a draft, even if it is published meanwhile.
  const filter: Record<string, unknown> = { _id: surveyId, agency: staff.agencyId };
  if (set["slug"]) filter["status"] = "draft";
  const slug = set["slug"] as string | undefined;
  const write = () =>
    SurveyModel.findOneAndUpdate(filter, update, { returnDocument: "after" }).lean<Survey>();
  // A new slug's key is written before the survey takes the slug; the old one goes after.
  const updated = slug ? await slugKeys.keyed(slug, current._id, write) : await write();
  if (updated && slug) await slugKeys.remove([current.slug], current._id);
  if (!updated && slug) throw conflict("survey_published", "The survey was published meanwhile; try again.");
  if (!updated) throw notFound("survey");
  announce(updated);
  return updated;
}

/** Opens a survey to respondents; every text must be translated into every survey language. */
export async function publishSurvey(staff: StaffContext, surveyId: string): Promise<Survey> {
  const current = await getSurvey(staff.agencyId, surveyId);
  if (current.status === "open") return current;
  assertTranslated(
    { title: current.title as LocalizedText, languages: current.languages, questions: current.questions },
    "Every text needs a translation before publishing.",
  );
  return setStatus(staff.agencyId, surveyId, "open", { openedAt: new Date(), closedAt: null });
}

export async function closeSurvey(staff: StaffContext, surveyId: string): Promise<Survey> {
  const current = await getSurvey(staff.agencyId, surveyId);
  if (current.status === "draft") throw conflict("not_open", "Only an open survey can be closed.");
  if (current.status === "closed") return current;
  return setStatus(staff.agencyId, surveyId, "closed", { closedAt: new Date() });
}

async function setStatus(
  agencyId: string,
  surveyId: string,
  status: string,
  extra: Record<string, unknown>,
): Promise<Survey> {
  const updated = await SurveyModel.findOneAndUpdate(
    { _id: surveyId, agency: agencyId },
    { $set: { status, ...extra } },
    { returnDocument: "after" },
  ).lean<Survey>();
  if (!updated) throw notFound("survey");
  announce(updated);
  return updated;
}

function announce(survey: Survey): void {
  domainEvents.emit("survey.changed", {
    surveyId: String(survey._id),
    agencyId: String(survey.agency),
    slug: survey.slug,
    status: survey.status,
  });
}

/** A survey's title in its first language, for lists and logs; empty titles read "Untitled survey". */
export function surveyTitle(survey: Pick<Survey, "title" | "languages">): string {
  const title = survey.title as LocalizedText;
  return (title[survey.languages[0] ?? "en"] ?? Object.values(title)[0] ?? "").trim() || "Untitled survey";
}

/** The current titles of some of an agency's surveys, by id; ids of other agencies are left out. */
export async function surveyTitles(agencyId: string, surveyIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(surveyIds)].filter((id) => Types.ObjectId.isValid(id));
  if (ids.length === 0) return new Map();
  const found = await SurveyModel.find({ _id: { $in: ids }, agency: agencyId })
    .select({ title: 1, languages: 1 })
    .lean<Array<Pick<Survey, "_id" | "title" | "languages">>>();
  return new Map(found.map((survey) => [String(survey._id), surveyTitle(survey)]));
}

/** Looks a survey up by its public slug, whatever its status (callers decide what shows). */
export async function findSurveyBySlug(slug: string): Promise<Survey | null> {
  return slugKeys.find<Survey>(slug);
}

/** A survey by id whatever its agency: for operator commands only (rollup rebuilds), never staff requests. */
export async function findSurveyById(surveyId: string): Promise<Survey | null> {
  return SurveyModel.findById(surveyId).lean<Survey>();
}

/** Marks that a survey has responses, freezing its current question set as a version. */
export async function markHasResponses(surveyId: string): Promise<void> {
  await SurveyModel.updateOne({ _id: surveyId, hasResponses: false }, { $set: { hasResponses: true } });
}

export type { Question };

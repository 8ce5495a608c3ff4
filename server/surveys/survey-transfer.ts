import type { SurveyDefinition } from "@shared/survey.js";
import type { StaffContext } from "@server/accounts/accounts.service.js";
import { createSurvey, type Survey } from "./surveys.service.js";

export const EXPORT_FORMAT = "community-pulse/survey";
export const EXPORT_FORMAT_VERSION = 1;

/** A survey definition as a portable file: what another agency (or a backup) needs to rebuild it. */
export interface ExportedSurvey extends SurveyDefinition {
  format: typeof EXPORT_FORMAT;
  formatVersion: typeof EXPORT_FORMAT_VERSION;
  exportedAt: string;
}

/**
 * Only the definition leaves: no ids, agency, status, slug or response bookkeeping, so an
 * import anywhere starts a clean draft.
 */
export function exportDefinition(survey: Survey): ExportedSurvey {
  return {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    exportedAt: new Date().toISOString(),
    title: survey.title as SurveyDefinition["title"],
    description: (survey.description ?? {}) as SurveyDefinition["description"],
    kind: survey.kind as SurveyDefinition["kind"],
    languages: survey.languages,
    questions: survey.questions,
    settings: (survey.settings ?? {}) as SurveyDefinition["settings"],
  };
}

/** A file name that says what the download is, safe in any file system. */
export function exportFileName(survey: Survey): string {
  return `${survey.slug.replace(/[^a-z0-9-]/g, "")}-v${survey.version}.json`;
}

/** Creates a draft from an exported definition, checked by the same rules as any new survey. */
export async function importSurvey(
  staff: StaffContext,
  document: Omit<ExportedSurvey, "exportedAt"> & { exportedAt?: Date },
): Promise<Survey> {
  const { format: _format, formatVersion: _version, exportedAt: _at, ...definition } = document;
  return createSurvey(staff, definition);
}

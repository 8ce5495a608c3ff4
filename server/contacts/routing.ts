/*
 * Which open post-contact survey a call type goes to. Pure, so the rule is testable with plain
 * objects and the same for every batch.
 */

export interface RoutableSurvey {
  id: string;
  kind: string;
  status: string;
  settings?: { callTypes?: string[]; defaultForCalls?: boolean } | null;
  openedAt?: Date | null;
}

/** How a batch finds each call type's survey, built once per batch. */
export interface CallTypeRouting {
  surveyFor(callType: string): string | null;
}

const openedAtMs = (s: RoutableSurvey): number => s.openedAt?.getTime() ?? 0;

/**
 * Only open post-contact surveys take contacts. A call type goes to the survey that lists it
 * (the longest open one when several do), else to the default: the survey marked
 * `defaultForCalls` (the longest open one when several are), or, when none is marked, the only
 * open post-contact survey there is. Otherwise it has no survey and nobody is invited.
 */
export function callTypeRouting(surveys: RoutableSurvey[]): CallTypeRouting {
  const open = surveys
    .filter((s) => s.kind === "post-contact" && s.status === "open")
    .sort((a, b) => openedAtMs(a) - openedAtMs(b) || a.id.localeCompare(b.id));
  const byCallType = new Map<string, string>();
  for (const survey of open) {
    for (const callType of survey.settings?.callTypes ?? []) {
      if (!byCallType.has(callType)) byCallType.set(callType, survey.id);
    }
  }
  const marked = open.find((s) => s.settings?.defaultForCalls === true);
  const fallback = marked?.id ?? (open.length === 1 ? open[0]!.id : null);
  return { surveyFor: (callType) => byCallType.get(callType) ?? fallback };
}

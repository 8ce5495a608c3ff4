import { redactText } from "@shared/redaction.js";
import { seesExactCounts } from "@shared/suppression.js";
import { answerOf, type AnswerValue, type Question } from "@shared/survey.js";
import type { StaffContext } from "@server/accounts/accounts.service.js";
import { forbidden } from "@server/platform/errors.js";
import { scanResponses, type StoredResponse } from "@server/responses/responses.service.js";
import { assertDistrict, surveyAndAgency } from "./analytics.service.js";
import { allQuestions } from "./comments.service.js";
import { csvRow } from "./csv.js";

export interface ExportFilter {
  district?: string;
  from?: string;
  to?: string;
}

/** Where the rows go: the HTTP response, in practice. `write` returns false when it is full. */
export interface RowSink {
  write(chunk: string): boolean;
  once(event: "drain", listener: () => void): unknown;
}

interface Column {
  header: string;
  value: (response: StoredResponse) => unknown;
}

function cellOf(question: Question, answer: AnswerValue | undefined): unknown {
  if (answer === undefined) return "";
  if (question.type === "text" && typeof answer === "string") return redactText(answer);
  if (Array.isArray(answer)) return answer.join(";");
  return answer;
}

/** One column per question (matrix: one per item), after the response's own fields. */
function columns(questions: Question[]): Column[] {
  const fixed: Column[] = [
    { header: "response_id", value: (r) => String(r._id) },
    { header: "submitted_on", value: (r) => r.periods.day },
    { header: "version", value: (r) => r.version },
    { header: "language", value: (r) => r.language },
    { header: "channel", value: (r) => r.channel },
    { header: "district", value: (r) => r.district ?? "" },
  ];
  const perQuestion = questions.flatMap((q): Column[] => {
    if (q.type === "matrix")
      return (q.items ?? []).map((item) => ({
        header: `${q.id}.${item.id}`,
        value: (r) => {
          const answer = answerOf(r.answers, q.id) as Record<string, number> | undefined;
          return answer && Object.hasOwn(answer, item.id) ? answer[item.id] : "";
        },
      }));
    return [{ header: q.id, value: (r) => cellOf(q, answerOf(r.answers, q.id)) }];
  });
  return [...fixed, ...perQuestion];
}

/** A sink that is full waits for `drain`, so a slow client never makes rows pile up in memory. */
async function write(sink: RowSink, chunk: string): Promise<void> {
  if (!sink.write(chunk)) await new Promise<void>((resolve) => sink.once("drain", resolve));
}

/** Opens an export: checks access first, then returns its file name and a function that streams it. */
export async function prepareExport(staff: StaffContext, surveyId: string, filter: ExportFilter) {
  // Row-level answers cannot be suppressed, so they are for the roles that see exact counts.
  if (!seesExactCounts(staff.role))
    throw forbidden("Exports hold every answer: they are for analysts and admins.");
  const { survey, agency } = await surveyAndAgency(staff.agencyId, surveyId);
  assertDistrict(agency, filter.district);
  const cols = columns(allQuestions(survey));
  return {
    filename: `${survey.slug}-responses.csv`,
    async stream(sink: RowSink): Promise<number> {
      await write(sink, csvRow(cols.map((c) => c.header)));
      let rows = 0;
      const scan = { surveyId, ...filter };
      for await (const response of scanResponses(scan)) {
        await write(sink, csvRow(cols.map((c) => c.value(response))));
        rows += 1;
      }
      return rows;
    },
  };
}

import { localize, type LocalizedText } from "@shared/survey.js";
import { directionOf, escapeHtml } from "@server/surveys/html.js";

interface MailStrings {
  subject: (agency: string) => string;
  reminderSubject: (agency: string) => string;
  reason: (agency: string) => string;
  ask: (title: string, minutes: number) => string;
  anonymous: string;
  button: string;
  singleUse: (date: string) => string;
  optOut: (agency: string) => string;
  optOutLink: string;
}

// Each survey language gets its own block; languages without strings here fall back to English.
const STRINGS: Record<string, MailStrings> = {
  en: {
    subject: (a) => `${a}: how were you treated?`,
    reminderSubject: (a) => `Reminder: ${a} would like to hear from you`,
    reason: (a) =>
      `You are receiving this email because you recently had contact with ${a}. The agency asks people it has been in contact with how they were treated, so it can improve.`,
    ask: (t, m) =>
      `Please tell us about your experience in a short survey, “${t}”. It takes about ${m === 1 ? "one minute" : `${m} minutes`}.`,
    anonymous: "Your answers are anonymous: they are not linked to your name or email address.",
    button: "Take the survey",
    singleUse: (d) => `This link is only for you, works once, and expires on ${d}.`,
    optOut: (a) => `Don't want emails like this? You can stop all survey invitations from ${a}.`,
    optOutLink: "Stop these invitations",
  },
  es: {
    subject: (a) => `${a}: ¿cómo le trataron?`,
    reminderSubject: (a) => `Recordatorio: ${a} quiere conocer su opinión`,
    reason: (a) =>
      `Recibe este correo porque tuvo contacto recientemente con ${a}. La agencia pregunta a las personas con las que ha tenido contacto cómo fueron tratadas, para poder mejorar.`,
    ask: (t, m) =>
      `Cuéntenos su experiencia en una breve encuesta, “${t}”. Toma ${m === 1 ? "un minuto" : `unos ${m} minutos`}.`,
    anonymous: "Sus respuestas son anónimas: no se vinculan a su nombre ni a su correo electrónico.",
    button: "Responder la encuesta",
    singleUse: (d) => `Este enlace es solo para usted, funciona una vez y vence el ${d}.`,
    optOut: (a) => `¿No desea recibir estos correos? Puede detener todas las invitaciones de ${a}.`,
    optOutLink: "Detener estas invitaciones",
  },
};

export interface InvitationMailInput {
  agencyName: string;
  timezone: string;
  surveyTitle: LocalizedText;
  /** The survey's languages; `language` (the contact's) comes first in the mail. */
  languages: string[];
  language: string;
  /** How long the survey takes (`estimatedMinutes` of its questions). */
  minutes: number;
  anonymous: boolean;
  surveyUrl: string;
  optOutUrl: string;
  expiresAt: Date;
  reminder: number;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

function formatDate(date: Date, language: string, timezone: string): string {
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone: timezone }).format(date);
  } catch {
    return new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: timezone }).format(date);
  }
}

/**
 * The invitation (or reminder) mail: one block per survey language, the contact's first, each
 * saying who sends it and why, the single-use link, and how to opt out. Text and HTML say the
 * same; every value that staff typed is escaped in the HTML.
 */
export function renderInvitationMail(input: InvitationMailInput): RenderedMail {
  const order = [input.language, ...input.languages.filter((l) => l !== input.language)];
  const primary = STRINGS[input.language] ?? STRINGS["en"]!;
  const subject =
    input.reminder > 0 ? primary.reminderSubject(input.agencyName) : primary.subject(input.agencyName);
  const texts: string[] = [];
  const blocks: string[] = [];
  for (const language of order) {
    const s = STRINGS[language] ?? STRINGS["en"]!;
    const title = localize(input.surveyTitle, language, Object.values(input.surveyTitle)[0] ?? "");
    const date = formatDate(input.expiresAt, language, input.timezone);
    const lines = [
      s.reason(input.agencyName),
      s.ask(title, input.minutes),
      ...(input.anonymous ? [s.anonymous] : []),
    ];
    texts.push(
      [
        ...lines,
        "",
        `${s.button}: ${input.surveyUrl}`,
        s.singleUse(date),
        "",
        s.optOut(input.agencyName),
        `${s.optOutLink}: ${input.optOutUrl}`,
      ].join("\n"),
    );
    const e = escapeHtml;
    blocks.push(
      `<div lang="${e(language)}" dir="${directionOf(language)}">` +
        lines.map((line) => `<p>${e(line)}</p>`).join("") +
        `<p><a href="${e(input.surveyUrl)}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:4px">${e(s.button)}</a></p>` +
        `<p>${e(s.singleUse(date))}</p>` +
        `<p style="font-size:13px;color:#444444">${e(s.optOut(input.agencyName))} <a href="${e(input.optOutUrl)}">${e(s.optOutLink)}</a></p>` +
        `</div>`,
    );
  }
  const text = texts.join("\n\n-----\n\n");
  const html =
    `<!doctype html><html lang="${escapeHtml(input.language)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#111111;max-width:600px">` +
    blocks.join('<hr style="border:0;border-top:1px solid #cccccc;margin:24px 0">') +
    `</body></html>`;
  return { subject, text, html };
}

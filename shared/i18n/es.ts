import type { UiStrings } from "./strings.js";

/** Spanish (neutral Latin American usage, "usted"). Plain words and short sentences. */
export const es: UiStrings = {
  name: "Español",
  dir: "ltr",
  languageNav: "Idioma",
  optional: "(opcional)",
  submit: "Enviar mis respuestas",
  next: "Siguiente",
  back: "Atrás",
  progress: "Pregunta {current} de {total}",
  likert: {
    stronglyDisagree: "Muy en desacuerdo",
    disagree: "En desacuerdo",
    neutral: "Ni de acuerdo ni en desacuerdo",
    agree: "De acuerdo",
    stronglyAgree: "Muy de acuerdo",
    dontKnow: "No sé",
  },
  yes: "Sí",
  no: "No",
  or: "o",
  showIfHint: "Conteste solo si respondió {answers} a: “{question}”",
  textHint: "Puede escribir hasta {max} caracteres.",
  honeypot: "Deje esta casilla vacía",
  errorSummary: "Revise estas respuestas",
  errorTitlePrefix: "Error:",
  errorRequired: "Por favor, conteste esta pregunta.",
  errorRequiredItem: "Por favor, conteste: {item}",
  errorChoice: "Por favor, elija una de las respuestas.",
  errorNumber: "Por favor, escriba un número.",
  errorNumberMin: "Por favor, escriba un número de {min} o más.",
  errorNumberMax: "Por favor, escriba un número de {max} o menos.",
  errorDate: "Por favor, escriba una fecha real.",
  errorTextLong: "Por favor, acorte su respuesta. Puede escribir hasta {max} caracteres.",
  errorHidden: "Por favor, borre esta respuesta. No va con sus otras respuestas.",
  checkAgain: "Por favor, revise sus respuestas. Luego pulse “Enviar mis respuestas” otra vez.",
  autosaved: "Sus respuestas se guardan en este dispositivo mientras contesta.",
  restored: "Bienvenido de nuevo. Guardamos las respuestas que dio antes.",
  sending: "Enviando sus respuestas…",
  offlineQueued:
    "No tiene conexión. Sus respuestas están guardadas en este dispositivo. Las enviaremos cuando vuelva a tener conexión.",
  sendFailed:
    "No pudimos enviar sus respuestas. Están guardadas en este dispositivo. Por favor, intente de nuevo pronto.",
  thanksTitle: "¡Gracias!",
  thanksBody:
    "Recibimos sus respuestas. Ayudan a {agency} a entender cómo se siente la gente sobre la seguridad y la confianza.",
  thanksResults: "Vea lo que nos dijo la gente y lo que estamos haciendo al respecto",
  closedTitle: "Esta encuesta está cerrada",
  closedBody: "Gracias por su interés. Esta encuesta ya no recibe respuestas.",
  notFoundTitle: "No encontramos esta encuesta",
  notFoundBody: "Por favor, revise el enlace o el código QR. Puede que la encuesta aún no haya empezado.",
  alreadyTitle: "Usted ya contestó esta encuesta",
  alreadyBody:
    "¡Gracias! Ya recibimos sus respuestas para esta invitación. Cada invitación se puede usar una sola vez.",
  linkTitle: "Este enlace no funciona",
  linkBody:
    "Este enlace de invitación no es válido para esta encuesta. Puede que haya vencido. Por favor, revise el enlace.",
  rateLimitedTitle: "Por favor, espere un minuto",
  rateLimitedBody:
    "Recibimos muchas respuestas desde este dispositivo en poco tiempo. Por favor, espere un minuto. Luego vuelva atrás y envíe sus respuestas otra vez. Sus respuestas no se perdieron.",
  formErrorTitle: "Algo salió mal con el formulario",
  formErrorBody: "Por favor, vuelva a la encuesta e intente de nuevo.",
  backToSurvey: "Volver a la encuesta",
  serverErrorTitle: "Algo salió mal de nuestro lado",
  serverErrorBody:
    "Sus respuestas no se enviaron. Por favor, vuelva atrás e intente de nuevo en unos minutos.",
  commendLegend: "Felicitar al agente",
  commendLabel: "Quiero felicitar al agente que me ayudó",
  commendNoteLabel: "¿Qué le quiere decir?",
  commendNoteHint:
    "Lo lee el supervisor del agente. Por favor, no escriba su nombre, teléfono ni dirección. Puede escribir hasta {max} caracteres.",
};

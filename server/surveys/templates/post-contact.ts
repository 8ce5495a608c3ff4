import { districtQuestion, openComment } from "./common-questions.js";
import type { SurveyTemplate } from "./template.js";

/**
 * Short survey sent after an interaction with the agency (call for service, traffic stop, report).
 * Procedural justice items, satisfaction and trust after the contact. Based on the themes of the
 * IACP guidance "Community Member Feedback as an Effective Tool for Building and Maintaining Trust".
 */
export const postContact: SurveyTemplate = {
  id: "post-contact",
  kind: "post-contact",
  title: { en: "How Did We Do?", es: "¿Cómo lo hicimos?" },
  description: {
    en: "You recently had contact with our police department. Please tell us how it went. It takes about 2 minutes. Your answers are anonymous.",
    es: "Hace poco tuvo contacto con nuestro departamento de policía. Cuéntenos cómo le fue. Toma unos 2 minutos. Sus respuestas son anónimas.",
  },
  languages: ["en", "es"],
  questions: [
    {
      id: "q_contact_type",
      type: "single",
      prompt: {
        en: "What was your contact with us about?",
        es: "¿Por qué motivo tuvo contacto con nosotros?",
      },
      required: true,
      options: [
        { value: "call_for_service", label: { en: "I called for help", es: "Llamé para pedir ayuda" } },
        {
          value: "traffic_stop",
          label: { en: "I was stopped while driving", es: "Me pararon mientras manejaba" },
        },
        { value: "report", label: { en: "I made a report", es: "Hice una denuncia o un reporte" } },
        { value: "other", label: { en: "Something else", es: "Otro motivo" } },
      ],
    },
    {
      id: "q_pj_listened",
      type: "likert",
      prompt: {
        en: "The officer listened to what I had to say.",
        es: "El agente escuchó lo que yo tenía que decir.",
      },
      help: {
        en: "“The officer” means the person from the police department you talked with.",
        es: "“El agente” es la persona del departamento de policía con quien usted habló.",
      },
      required: true,
      theme: "procedural_justice.voice",
    },
    {
      id: "q_pj_explained",
      type: "likert",
      prompt: {
        en: "The officer explained what was happening and why.",
        es: "El agente me explicó lo que estaba pasando y por qué.",
      },
      required: true,
      theme: "procedural_justice.voice",
    },
    {
      id: "q_pj_fair",
      type: "likert",
      prompt: { en: "The officer treated me fairly.", es: "El agente me trató de forma justa." },
      required: true,
      theme: "procedural_justice.neutrality",
    },
    {
      id: "q_pj_facts",
      type: "likert",
      prompt: {
        en: "The officer made decisions based on the facts.",
        es: "El agente tomó decisiones basadas en los hechos.",
      },
      required: true,
      theme: "procedural_justice.neutrality",
    },
    {
      id: "q_pj_respect",
      type: "likert",
      prompt: {
        en: "The officer treated me with dignity and respect.",
        es: "El agente me trató con dignidad y respeto.",
      },
      required: true,
      theme: "procedural_justice.respect",
    },
    {
      id: "q_pj_cared",
      type: "likert",
      prompt: {
        en: "The officer cared about my safety and well-being.",
        es: "Al agente le importaron mi seguridad y mi bienestar.",
      },
      required: true,
      theme: "procedural_justice.motives",
    },
    {
      id: "q_satisfaction",
      type: "rating",
      prompt: {
        en: "Overall, how satisfied are you with how we handled your contact?",
        es: "En general, ¿cuál es su nivel de satisfacción con la forma en que atendimos su caso?",
      },
      help: {
        en: "1 means not at all satisfied. 5 means very satisfied.",
        es: "1 significa nada satisfecho. 5 significa muy satisfecho.",
      },
      required: true,
      theme: "satisfaction.overall",
      scale: { min: 1, max: 5 },
    },
    {
      id: "q_trust_after",
      type: "likert",
      prompt: {
        en: "After this contact, I have confidence in this police department.",
        es: "Después de este contacto, tengo confianza en este departamento de policía.",
      },
      required: true,
      theme: "trust.confidence",
    },
    openComment("q_better", { en: "What could we have done better?", es: "¿Qué pudimos haber hecho mejor?" }),
    districtQuestion,
  ],
  settings: {
    anonymous: true,
    oneResponsePerToken: true,
    resourceThemes: ["procedural_justice", "satisfaction", "trust"],
  },
};

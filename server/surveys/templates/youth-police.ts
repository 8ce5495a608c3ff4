import { districtQuestion, openComment } from "./common-questions.js";
import type { SurveyTemplate } from "./template.js";

/**
 * Survey for young people (12 to 24) about safety, trust and talking with police. Based on the
 * themes of the IACP guidance on ways to engage youth and police in conversation.
 */
export const youthPolice: SurveyTemplate = {
  id: "youth-police",
  kind: "youth",
  title: { en: "Youth and Police: Your Voice", es: "Jóvenes y policía: su opinión cuenta" },
  description: {
    en: "We want to hear from young people. There are no right or wrong answers. It takes about 3 minutes. We will not ask your name.",
    es: "Queremos escuchar a los jóvenes. No hay respuestas correctas ni incorrectas. Toma unos 3 minutos. No le vamos a pedir su nombre.",
  },
  languages: ["en", "es"],
  questions: [
    {
      id: "q_safe_school",
      type: "likert",
      prompt: { en: "My school is a safe place.", es: "Mi escuela es un lugar seguro." },
      help: {
        en: "If you are not in school, think about where you spend your day.",
        es: "Si no va a la escuela, piense en el lugar donde pasa el día.",
      },
      required: true,
      theme: "safety.school",
    },
    {
      id: "q_safe_home_area",
      type: "likert",
      prompt: { en: "The area where I live is safe.", es: "La zona donde vivo es segura." },
      required: true,
      theme: "safety.neighborhood",
    },
    {
      id: "q_trust_police",
      type: "likert",
      prompt: { en: "I trust the police in my community.", es: "Confío en la policía de mi comunidad." },
      required: true,
      theme: "trust.overall",
    },
    {
      id: "q_trust_help",
      type: "likert",
      prompt: {
        en: "If I needed help, I would go to a police officer.",
        es: "Si necesitara ayuda, acudiría a un policía.",
      },
      required: true,
      theme: "trust.confidence",
    },
    {
      id: "q_pj_youth",
      type: "matrix",
      prompt: {
        en: "How do police treat young people where you live?",
        es: "¿Cómo trata la policía a los jóvenes donde usted vive?",
      },
      required: true,
      items: [
        {
          id: "listen",
          prompt: { en: "Police listen to young people.", es: "La policía escucha a los jóvenes." },
          theme: "procedural_justice.voice",
        },
        {
          id: "fair",
          prompt: {
            en: "Police treat all young people the same, no matter who they are.",
            es: "La policía trata a todos los jóvenes por igual, sin importar quiénes sean.",
          },
          theme: "procedural_justice.neutrality",
        },
        {
          id: "respect",
          prompt: {
            en: "Police treat young people with respect.",
            es: "La policía trata a los jóvenes con respeto.",
          },
          theme: "procedural_justice.respect",
        },
        {
          id: "care",
          prompt: {
            en: "Police care about what happens to young people.",
            es: "A la policía le importa lo que les pasa a los jóvenes.",
          },
          theme: "procedural_justice.motives",
        },
      ],
    },
    {
      id: "q_talked",
      type: "yesno",
      prompt: {
        en: "In the last year, did you have a friendly talk with a police officer?",
        es: "En el último año, ¿tuvo una conversación amistosa con un policía?",
      },
      help: {
        en: "For example, at school, at a game, or at a community event.",
        es: "Por ejemplo, en la escuela, en un partido o en un evento de la comunidad.",
      },
      required: true,
    },
    {
      id: "q_talk_helped",
      type: "likert",
      prompt: {
        en: "Talking with the officer helped me understand police better.",
        es: "Hablar con ese policía me ayudó a entender mejor el trabajo policial.",
      },
      required: true,
      theme: "engagement.dialogue",
      showIf: { question: "q_talked", in: [true] },
    },
    {
      id: "q_want_talk",
      type: "likert",
      prompt: {
        en: "I would like more chances to talk with police officers.",
        es: "Me gustaría tener más oportunidades de hablar con policías.",
      },
      required: true,
      theme: "engagement.dialogue",
    },
    {
      id: "q_youth_say",
      type: "likert",
      prompt: {
        en: "Young people in my community have a say in how police do their job.",
        es: "Los jóvenes de mi comunidad pueden opinar sobre cómo trabaja la policía.",
      },
      required: true,
      theme: "engagement.voice",
    },
    {
      id: "q_activities",
      type: "multi",
      prompt: {
        en: "Which activities with police would you join?",
        es: "¿En qué actividades con la policía participaría?",
      },
      help: { en: "Choose all that apply.", es: "Elija todas las opciones que correspondan." },
      required: true,
      options: [
        { value: "sports", label: { en: "Sports or games", es: "Deportes o juegos" } },
        {
          value: "group_talk",
          label: { en: "A group talk about real issues", es: "Una charla en grupo sobre temas reales" },
        },
        {
          value: "school_visit",
          label: { en: "Police visits to my school", es: "Visitas de la policía a mi escuela" },
        },
        { value: "mentoring", label: { en: "One-on-one mentoring", es: "Mentoría individual" } },
        {
          value: "police_jobs",
          label: { en: "Learning what police jobs are like", es: "Conocer cómo es el trabajo policial" },
        },
        { value: "online", label: { en: "An online chat or video call", es: "Un chat o una videollamada" } },
        { value: "none", label: { en: "None of these", es: "Ninguna de estas" } },
      ],
    },
    openComment("q_comment", {
      en: "What is one thing police could do to earn the trust of young people?",
      es: "¿Qué es algo que la policía podría hacer para ganarse la confianza de los jóvenes?",
    }),
    {
      id: "q_age",
      type: "single",
      prompt: { en: "How old are you?", es: "¿Qué edad tiene?" },
      required: false,
      demographic: "age",
      options: [
        { value: "12_14", label: { en: "12 to 14", es: "De 12 a 14 años" } },
        { value: "15_17", label: { en: "15 to 17", es: "De 15 a 17 años" } },
        { value: "18_24", label: { en: "18 to 24", es: "De 18 a 24 años" } },
        { value: "prefer_not", label: { en: "I prefer not to say", es: "Prefiero no responder" } },
      ],
    },
    districtQuestion,
  ],
  settings: {
    anonymous: true,
    oneResponsePerToken: false,
    resourceThemes: ["safety", "trust", "procedural_justice", "engagement"],
  },
};

import { districtQuestion, openComment } from "./common-questions.js";
import type { SurveyTemplate } from "./template.js";

/**
 * Feedback after a community engagement event or dialogue session: was it worth it, did people
 * get a voice, what should the next one cover.
 */
export const eventFeedback: SurveyTemplate = {
  id: "event-feedback",
  kind: "event",
  title: { en: "Event Feedback", es: "Opiniones sobre el evento" },
  description: {
    en: "Thank you for coming. Please tell us what you thought of this event. It takes about 2 minutes. Your answers are anonymous.",
    es: "Gracias por venir. Cuéntenos qué le pareció este evento. Toma unos 2 minutos. Sus respuestas son anónimas.",
  },
  languages: ["en", "es"],
  questions: [
    {
      id: "q_event_type",
      type: "single",
      prompt: { en: "What kind of event did you go to?", es: "¿A qué tipo de evento asistió?" },
      required: true,
      options: [
        { value: "community_meeting", label: { en: "Community meeting", es: "Reunión comunitaria" } },
        {
          value: "dialogue",
          label: { en: "Listening session or group talk", es: "Sesión de escucha o charla en grupo" },
        },
        { value: "coffee", label: { en: "Coffee with the police", es: "Café con la policía" } },
        { value: "youth_event", label: { en: "Youth event", es: "Evento para jóvenes" } },
        {
          value: "neighborhood_event",
          label: { en: "Neighborhood party or fair", es: "Fiesta o feria del vecindario" },
        },
        { value: "other", label: { en: "Something else", es: "Otro tipo de evento" } },
      ],
    },
    {
      id: "q_event_rating",
      type: "rating",
      prompt: {
        en: "Overall, how would you rate this event?",
        es: "En general, ¿cómo calificaría este evento?",
      },
      help: {
        en: "1 means very poor. 5 means excellent.",
        es: "1 significa muy malo. 5 significa excelente.",
      },
      required: true,
      theme: "satisfaction.overall",
      scale: { min: 1, max: 5 },
    },
    {
      id: "q_event_voice",
      type: "likert",
      prompt: {
        en: "I had a chance to share my thoughts.",
        es: "Tuve la oportunidad de compartir mis opiniones.",
      },
      required: true,
      theme: "procedural_justice.voice",
    },
    {
      id: "q_event_respect",
      type: "likert",
      prompt: {
        en: "The police at the event treated people with respect.",
        es: "Los policías del evento trataron a las personas con respeto.",
      },
      required: true,
      theme: "procedural_justice.respect",
    },
    {
      id: "q_event_learned",
      type: "likert",
      prompt: {
        en: "I learned something new about how the police work.",
        es: "Aprendí algo nuevo sobre el trabajo de la policía.",
      },
      required: true,
      theme: "engagement.learning",
    },
    {
      id: "q_event_trust",
      type: "likert",
      prompt: {
        en: "This event helped me trust the police more.",
        es: "Este evento me ayudó a confiar más en la policía.",
      },
      required: true,
      theme: "trust.overall",
    },
    {
      id: "q_event_again",
      type: "likert",
      prompt: { en: "I would come to another event like this.", es: "Vendría a otro evento como este." },
      required: true,
      theme: "engagement.participation",
    },
    {
      id: "q_event_topics",
      type: "multi",
      prompt: {
        en: "What should we talk about at future events?",
        es: "¿De qué temas deberíamos hablar en los próximos eventos?",
      },
      help: { en: "Choose all that apply.", es: "Elija todas las opciones que correspondan." },
      required: false,
      options: [
        {
          value: "crime_safety",
          label: { en: "Crime and safety in my area", es: "Delitos y seguridad en mi zona" },
        },
        { value: "traffic", label: { en: "Traffic and speeding", es: "Tránsito y exceso de velocidad" } },
        { value: "youth", label: { en: "Young people and schools", es: "Jóvenes y escuelas" } },
        { value: "mental_health", label: { en: "Mental health", es: "Salud mental" } },
        {
          value: "police_decisions",
          label: {
            en: "How police make rules and decisions",
            es: "Cómo la policía crea sus normas y toma decisiones",
          },
        },
        {
          value: "use_of_force",
          label: { en: "When police use force", es: "Cuándo la policía usa la fuerza" },
        },
        {
          value: "complaints",
          label: {
            en: "How to praise an officer or make a complaint",
            es: "Cómo felicitar a un policía o presentar una queja",
          },
        },
        { value: "other", label: { en: "Something else", es: "Otro tema" } },
      ],
    },
    openComment("q_event_better", {
      en: "What would make the next event better?",
      es: "¿Qué haría que el próximo evento fuera mejor?",
    }),
    districtQuestion,
  ],
  settings: {
    anonymous: true,
    oneResponsePerToken: false,
    resourceThemes: ["satisfaction", "procedural_justice", "trust", "engagement"],
  },
};

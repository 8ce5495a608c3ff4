import { districtQuestion, openComment } from "./common-questions.js";
import type { SurveyTemplate } from "./template.js";

/**
 * Agency-wide resident survey: safety, trust and legitimacy, procedural justice in the agency's
 * general conduct, priorities, recent contact and demographics for weighting.
 * Based on the themes of the IACP guidance "Gathering Feedback through Community Surveys".
 */
export const communityTrust: SurveyTemplate = {
  id: "community-trust",
  kind: "community",
  title: {
    en: "Community Safety and Trust Survey",
    es: "Encuesta sobre seguridad y confianza en la comunidad",
  },
  description: {
    en: "Tell us how safe you feel and how the police are doing. It takes about 5 minutes. Your answers are anonymous.",
    es: "Cuéntenos cómo ve la seguridad en su vecindario y el trabajo de la policía. Toma unos 5 minutos. Sus respuestas son anónimas.",
  },
  languages: ["en", "es"],
  questions: [
    {
      id: "q_safe_day",
      type: "likert",
      prompt: {
        en: "It is safe to walk alone in my neighborhood during the day.",
        es: "Es seguro caminar sin compañía por mi vecindario durante el día.",
      },
      required: true,
      theme: "safety.day",
    },
    {
      id: "q_safe_night",
      type: "likert",
      prompt: {
        en: "It is safe to walk alone in my neighborhood at night.",
        es: "Es seguro caminar sin compañía por mi vecindario de noche.",
      },
      required: true,
      theme: "safety.night",
    },
    {
      id: "q_safe_overall",
      type: "likert",
      prompt: {
        en: "Overall, my neighborhood is a safe place to live.",
        es: "En general, mi vecindario es un lugar seguro para vivir.",
      },
      required: true,
      theme: "safety.overall",
    },
    {
      id: "q_trust_overall",
      type: "likert",
      prompt: { en: "I trust the police in my community.", es: "Confío en la policía de mi comunidad." },
      required: true,
      theme: "trust.overall",
    },
    {
      id: "q_legit_values",
      type: "likert",
      prompt: {
        en: "The police stand up for values that matter to me.",
        es: "La policía defiende valores que son importantes para mí.",
      },
      required: true,
      theme: "trust.legitimacy",
    },
    {
      id: "q_legit_law",
      type: "likert",
      prompt: { en: "The police follow the law too.", es: "La policía también cumple la ley." },
      required: true,
      theme: "trust.legitimacy",
    },
    {
      id: "q_trust_confidence",
      type: "likert",
      prompt: {
        en: "If I call the police for help, I am sure they will come.",
        es: "Si llamo a la policía para pedir ayuda, confío en que vendrá.",
      },
      required: true,
      theme: "trust.confidence",
    },
    {
      id: "q_pj_general",
      type: "matrix",
      prompt: {
        en: "Think about how the police treat people in your community. How much do you agree?",
        es: "Piense en cómo trata la policía a las personas de su comunidad. ¿Qué tan de acuerdo está?",
      },
      required: true,
      items: [
        {
          id: "listens",
          prompt: { en: "They listen before they decide.", es: "Escuchan a la gente antes de decidir." },
          theme: "procedural_justice.voice",
        },
        {
          id: "explains",
          prompt: { en: "They explain their decisions.", es: "Explican sus decisiones." },
          theme: "procedural_justice.voice",
        },
        {
          id: "fair",
          prompt: {
            en: "They treat everyone fairly, no matter who they are.",
            es: "Tratan a todos de forma justa, sin importar quiénes sean.",
          },
          theme: "procedural_justice.neutrality",
        },
        {
          id: "facts",
          prompt: {
            en: "They make decisions based on facts, not opinions.",
            es: "Toman decisiones basadas en hechos, no en opiniones.",
          },
          theme: "procedural_justice.neutrality",
        },
        {
          id: "respect",
          prompt: { en: "They treat people with respect.", es: "Tratan a las personas con respeto." },
          theme: "procedural_justice.respect",
        },
        {
          id: "motives",
          prompt: {
            en: "They try to do what is best for the people they serve.",
            es: "Tratan de hacer lo mejor para las personas a las que sirven.",
          },
          theme: "procedural_justice.motives",
        },
      ],
    },
    {
      id: "q_pj_care",
      type: "likert",
      prompt: {
        en: "The police care about the problems in my neighborhood.",
        es: "A la policía le importan los problemas de mi vecindario.",
      },
      required: true,
      theme: "procedural_justice.motives",
    },
    {
      id: "q_engage_partner",
      type: "likert",
      prompt: {
        en: "The police work with people in my neighborhood to solve problems.",
        es: "La policía trabaja con la gente de mi vecindario para resolver problemas.",
      },
      required: true,
      theme: "engagement.partnership",
    },
    {
      id: "q_engage_report",
      type: "likert",
      prompt: {
        en: "If I saw a crime, I would tell the police.",
        es: "Si viera un delito, se lo informaría a la policía.",
      },
      required: true,
      theme: "engagement.reporting",
    },
    {
      id: "q_priorities",
      type: "multi",
      prompt: {
        en: "What should the police focus on most in the next year?",
        es: "¿En qué debería enfocarse más la policía el próximo año?",
      },
      help: { en: "Choose all that apply.", es: "Elija todas las opciones que correspondan." },
      required: true,
      options: [
        { value: "violent_crime", label: { en: "Violent crime", es: "Delitos violentos" } },
        { value: "property_crime", label: { en: "Break-ins and theft", es: "Robos en casas y hurtos" } },
        { value: "traffic", label: { en: "Traffic safety and speeding", es: "Seguridad vial y velocidad" } },
        { value: "drugs", label: { en: "Drug sales and use", es: "Venta y consumo de drogas" } },
        { value: "youth", label: { en: "Programs for young people", es: "Programas para jóvenes" } },
        { value: "mental_health", label: { en: "Mental health crises", es: "Crisis de salud mental" } },
        { value: "fast_response", label: { en: "Quick response to calls", es: "Respuesta rápida" } },
        { value: "get_to_know", label: { en: "Getting to know residents", es: "Conocer a los vecinos" } },
        { value: "other", label: { en: "Something else", es: "Otra cosa" } },
      ],
    },
    {
      id: "q_contact",
      type: "yesno",
      prompt: {
        en: "In the last 12 months, did you have any contact with our police department?",
        es: "En los últimos 12 meses, ¿tuvo algún contacto con nuestro departamento de policía?",
      },
      help: {
        en: "For example, you called for help, made a report, or an officer stopped you.",
        es: "Por ejemplo, llamó para pedir ayuda, hizo una denuncia o un policía le pidió que se detuviera.",
      },
      required: true,
    },
    {
      id: "q_contact_satisfaction",
      type: "rating",
      prompt: {
        en: "How satisfied were you with how the police handled it?",
        es: "¿Cuál es su nivel de satisfacción con la atención que recibió de la policía?",
      },
      help: {
        en: "1 means not at all satisfied. 5 means very satisfied.",
        es: "1 significa nada satisfecho. 5 significa muy satisfecho.",
      },
      required: true,
      theme: "satisfaction.overall",
      scale: { min: 1, max: 5 },
      showIf: { question: "q_contact", in: [true] },
    },
    openComment("q_comment", {
      en: "Is there anything else you want to tell the police about safety or trust?",
      es: "¿Hay algo más que quiera decirle a la policía sobre la seguridad o la confianza?",
    }),
    districtQuestion,
    {
      id: "q_age",
      type: "single",
      prompt: { en: "How old are you?", es: "¿Qué edad tiene?" },
      required: false,
      demographic: "age",
      options: [
        { value: "18_24", label: { en: "18 to 24", es: "De 18 a 24 años" } },
        { value: "25_34", label: { en: "25 to 34", es: "De 25 a 34 años" } },
        { value: "35_44", label: { en: "35 to 44", es: "De 35 a 44 años" } },
        { value: "45_54", label: { en: "45 to 54", es: "De 45 a 54 años" } },
        { value: "55_64", label: { en: "55 to 64", es: "De 55 a 64 años" } },
        { value: "65_plus", label: { en: "65 or older", es: "65 años o más" } },
        { value: "prefer_not", label: { en: "I prefer not to say", es: "Prefiero no responder" } },
      ],
    },
    {
      id: "q_gender",
      type: "single",
      prompt: { en: "What is your gender?", es: "¿Cuál es su género?" },
      required: false,
      demographic: "gender",
      options: [
        { value: "woman", label: { en: "Woman", es: "Mujer" } },
        { value: "man", label: { en: "Man", es: "Hombre" } },
        { value: "nonbinary", label: { en: "Nonbinary", es: "No binario" } },
        { value: "another", label: { en: "Another gender", es: "Otro género" } },
        { value: "prefer_not", label: { en: "I prefer not to say", es: "Prefiero no responder" } },
      ],
    },
    {
      id: "q_race",
      type: "single",
      prompt: { en: "What is your race or ethnicity?", es: "¿Cuál es su raza u origen étnico?" },
      required: false,
      demographic: "race",
      options: [
        {
          value: "american_indian",
          label: { en: "American Indian or Alaska Native", es: "Indígena americano o nativo de Alaska" },
        },
        { value: "asian", label: { en: "Asian", es: "Asiático" } },
        { value: "black", label: { en: "Black or African American", es: "Negro o afroamericano" } },
        { value: "hispanic", label: { en: "Hispanic or Latino", es: "Hispano o latino" } },
        {
          value: "middle_eastern",
          label: { en: "Middle Eastern or North African", es: "De Medio Oriente o del norte de África" },
        },
        {
          value: "pacific_islander",
          label: {
            en: "Native Hawaiian or Pacific Islander",
            es: "Nativo de Hawái o de otras islas del Pacífico",
          },
        },
        { value: "white", label: { en: "White", es: "Blanco" } },
        { value: "multiple", label: { en: "More than one", es: "Más de una" } },
        { value: "other", label: { en: "Another race or ethnicity", es: "Otra raza u origen étnico" } },
        { value: "prefer_not", label: { en: "I prefer not to say", es: "Prefiero no responder" } },
      ],
    },
  ],
  settings: {
    anonymous: true,
    oneResponsePerToken: false,
    resourceThemes: ["safety", "trust", "procedural_justice", "satisfaction", "engagement"],
  },
};

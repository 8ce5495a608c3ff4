import type { IndexKey } from "@shared/indices.js";
import type { ActionStatus } from "./public.schemas.js";

/**
 * The public results page's own words, in plain language (aim for a 6th-grade reading level).
 * `{name}` marks a value filled in at display time. Survey text comes from the survey itself.
 */
export interface PublicStrings {
  pageTitle: string;
  description: string;
  intro: string;
  noSurveys: string;
  contents: string;
  indicesHeading: string;
  indexLine: string;
  indexRange: string;
  /** Said instead of a range when a score rests on fewer than MIN_RELIABLE_N people. */
  indexNoRange: string;
  indexLineMonth: string;
  indexAllTime: string;
  indexAllTimeNoRange: string;
  /** A quarter in words: "{first}–{last} {year}", e.g. July–September 2026. */
  quarterSpan: string;
  resultsHeading: string;
  answeredBy: string;
  average: string;
  averageOf: string;
  likelyBetween: string;
  marginOfError: string;
  rakedShare: string;
  fewerThan: string;
  hiddenCell: string;
  protectsOthers: string;
  hiddenNote: string;
  skip: string;
  serverErrorTitle: string;
  serverErrorBody: string;
  noAnswers: string;
  hiddenMean: string;
  methodologyHeading: string;
  sampleNote: string;
  optInNote: string;
  weightedNote: string;
  unweightedNote: string;
  intervalNote: string;
  suppressionNote: string;
  trendsHeading: string;
  trendsCaption: string;
  trendsCaptionWeighted: string;
  notWeightedMonth: string;
  month: string;
  responses: string;
  noTrends: string;
  actionsHeading: string;
  agencyActionsHeading: string;
  noActions: string;
  about: string;
  whatWeDid: string;
  statuses: Record<ActionStatus, string>;
  indices: Record<IndexKey, string>;
  weightingVariables: Record<string, string>;
  notFoundTitle: string;
  notFoundBody: string;
  printHint: string;
  /** The district map's heading: "{index} by district". */
  mapHeading: string;
  /** The map's text alternative: "{index} by district, 0 to 100: {values}." */
  mapDescription: string;
  /** The legend entry of hatched districts. */
  mapHidden: string;
  /** The legend's first line: what the colours mean. */
  mapScale: string;
}

const en: PublicStrings = {
  pageTitle: "What we heard and what we did — {agency}",
  description: "Results of {agency}'s community surveys, and what the agency did about them.",
  intro: "These are results of surveys {agency} ran with the people it serves, and what it did about them.",
  noSurveys: "No survey results are published yet.",
  contents: "On this page",
  indicesHeading: "Scores out of 100",
  indexLine: "{name}: {score} out of 100",
  indexRange: "Likely between {low} and {high}. Based on {n} people.",
  indexNoRange: "Based on {n} people: too few for a reliable range.",
  indexLineMonth: "{name}: {score} out of 100 in {month}",
  indexAllTime: "All months together: {score} out of 100 (likely between {low} and {high}), from {n} people.",
  indexAllTimeNoRange: "All months together: {score} out of 100, from {n} people.",
  quarterSpan: "{first}–{last} {year}",
  resultsHeading: "Answers to each question",
  answeredBy: "{n} people answered.",
  average: "Average: {mean}",
  averageOf: "Average: {mean} on a scale from {min} to {max}",
  likelyBetween: "likely between {low} and {high}",
  marginOfError: "give or take {moe} points",
  rakedShare: "matches the population by design (weighted)",
  fewerThan: "fewer than {k}",
  hiddenCell: "fewer than {k}, or hidden",
  protectsOthers: "hidden to protect others",
  hiddenNote:
    "“Hidden” keeps small groups private: showing that number would let someone work out an answer given by fewer than {k} people.",
  skip: "Skip to the results",
  serverErrorTitle: "Something went wrong",
  serverErrorBody: "The results could not be shown right now. Please try again in a few minutes.",
  noAnswers: "No answers yet.",
  hiddenMean: "The average is not shown: some answers come from fewer than {k} people.",
  methodologyHeading: "How these results were made",
  sampleNote: "{n} people answered from {from} to {to}.",
  optInNote: "These are people who chose to answer, not a random sample of the community.",
  weightedNote:
    "Results are weighted: some answers count more and some less, so that the mix of people by {variables} is the same as in the community. That is why the shares by {variables} match the population by design and have no range. Weighting fixes only that mix: if the people who chose to answer think differently from others like them, the results can still be off, and no range shows it.",
  unweightedNote:
    "Results are not weighted: they describe the people who answered, whose mix of ages, districts and other traits may differ from the community's.",
  intervalNote:
    "The ranges (“likely between”, “give or take”) show how much a result moves by chance: it would likely fall in that range if the same kind of people were asked again. They are not a chance that the true value for the whole community is inside, and they do not cover who chose to answer.",
  suppressionNote:
    "Results from fewer than {k} people are not shown. Neither are numbers that would let someone work them out by adding or subtracting figures from this page, other months or other districts: those are marked as hidden to protect others. Before anything is published, a check tries every such sum and confirms that each hidden group could still be anything from none to at least {k} people. This protects privacy.",
  trendsHeading: "Changes over time",
  trendsCaption: "Scores out of 100 by month, with the likely range in brackets",
  trendsCaptionWeighted:
    "Scores out of 100 by month, each month weighted like the scores above, with the likely range in brackets",
  notWeightedMonth: "“—” marks a month that could not be weighted on its own, so its score is not shown.",
  month: "Month",
  responses: "People",
  noTrends: "Not enough months yet to show changes.",
  actionsHeading: "You said, we did",
  agencyActionsHeading: "You said, we did: across the agency",
  noActions: "No actions are posted for this survey yet.",
  about: "About: {result}",
  whatWeDid: "What we did about this: {title}",
  statuses: { planned: "Planned", in_progress: "In progress", done: "Done" },
  mapHeading: "{index} by district",
  mapDescription: "Map of {index} by district, on a scale of 0 to 100: {values}.",
  mapHidden: "Hatched: no score shown (fewer than {k} answers, or hidden to protect a small district)",
  mapScale: "Score out of 100",
  indices: {
    procedural_justice: "Fair treatment",
    procedural_justice_voice: "Being listened to",
    procedural_justice_neutrality: "Fair decisions",
    procedural_justice_respect: "Respect",
    procedural_justice_motives: "Good intentions",
    trust: "Trust",
    safety: "Feeling safe",
  },
  weightingVariables: { district: "district", age: "age", gender: "gender", race: "race and ethnicity" },
  notFoundTitle: "Page not found",
  notFoundBody: "There is no public results page at this address. Check the link you were given.",
  printHint: "You can print this page or save it as a PDF from your browser.",
};

const es: PublicStrings = {
  pageTitle: "Lo que escuchamos y lo que hicimos — {agency}",
  description: "Resultados de las encuestas comunitarias de {agency} y lo que la agencia hizo al respecto.",
  intro:
    "Estos son los resultados de las encuestas que {agency} hizo con las personas a las que sirve, y lo que hizo al respecto.",
  noSurveys: "Todavía no hay resultados publicados.",
  contents: "En esta página",
  indicesHeading: "Puntuaciones sobre 100",
  indexLine: "{name}: {score} de 100",
  indexRange: "Probablemente entre {low} y {high}. Basado en {n} personas.",
  indexNoRange: "Basado en {n} personas: demasiado pocas para un rango fiable.",
  indexLineMonth: "{name}: {score} de 100 en {month}",
  indexAllTime:
    "Todos los meses juntos: {score} de 100 (probablemente entre {low} y {high}), de {n} personas.",
  indexAllTimeNoRange: "Todos los meses juntos: {score} de 100, de {n} personas.",
  quarterSpan: "{first}–{last} de {year}",
  resultsHeading: "Respuestas a cada pregunta",
  answeredBy: "Respondieron {n} personas.",
  average: "Promedio: {mean}",
  averageOf: "Promedio: {mean} en una escala de {min} a {max}",
  likelyBetween: "probablemente entre {low} y {high}",
  marginOfError: "más o menos {moe} puntos",
  rakedShare: "igual a la población por diseño (ponderado)",
  fewerThan: "menos de {k}",
  hiddenCell: "menos de {k}, u oculto",
  protectsOthers: "oculto para proteger a otros",
  hiddenNote:
    "“Oculto” protege a los grupos pequeños: mostrar ese número permitiría calcular una respuesta de menos de {k} personas.",
  skip: "Ir a los resultados",
  serverErrorTitle: "Algo salió mal",
  serverErrorBody: "No se pudieron mostrar los resultados. Vuelva a intentarlo en unos minutos.",
  noAnswers: "Todavía no hay respuestas.",
  hiddenMean: "El promedio no se muestra: algunas respuestas vienen de menos de {k} personas.",
  methodologyHeading: "Cómo se hicieron estos resultados",
  sampleNote: "Respondieron {n} personas de {from} a {to}.",
  optInNote: "Son personas que eligieron responder, no una muestra al azar de la comunidad.",
  weightedNote:
    "Los resultados están ponderados: algunas respuestas cuentan más y otras menos, para que la mezcla de personas por {variables} sea la misma que en la comunidad. Por eso las proporciones por {variables} coinciden con la población por diseño y no tienen rango. La ponderación solo corrige esa mezcla: si quienes eligieron responder piensan distinto de otras personas como ellas, los resultados pueden seguir desviados, y ningún rango lo muestra.",
  unweightedNote:
    "Los resultados no están ponderados: describen a las personas que respondieron, cuya mezcla de edades, distritos y otros rasgos puede ser distinta de la de la comunidad.",
  intervalNote:
    "Los rangos («probablemente entre», «más o menos») muestran cuánto varía un resultado por azar: probablemente quedaría en ese rango si se volviera a preguntar a personas del mismo tipo. No son la probabilidad de que el valor real para toda la comunidad esté dentro, y no tienen en cuenta quién eligió responder.",
  suppressionNote:
    "No se muestran resultados de menos de {k} personas. Tampoco números que permitan calcularlos sumando o restando cifras de esta página, de otros meses o de otros distritos: esos se marcan como ocultos para proteger a otros. Antes de publicar, una comprobación prueba todas esas sumas y confirma que cada grupo oculto podría seguir siendo desde nadie hasta al menos {k} personas. Esto protege la privacidad.",
  trendsHeading: "Cambios en el tiempo",
  trendsCaption: "Puntuaciones sobre 100 por mes, con el rango probable entre paréntesis",
  trendsCaptionWeighted:
    "Puntuaciones sobre 100 por mes, cada mes ponderado como las puntuaciones de arriba, con el rango probable entre paréntesis",
  notWeightedMonth:
    "«—» marca un mes que no se pudo ponderar por sí solo, por eso no se muestra su puntuación.",
  month: "Mes",
  responses: "Personas",
  noTrends: "Todavía no hay suficientes meses para mostrar cambios.",
  actionsHeading: "Ustedes dijeron, nosotros hicimos",
  agencyActionsHeading: "Ustedes dijeron, nosotros hicimos: en toda la agencia",
  noActions: "Todavía no hay acciones publicadas para esta encuesta.",
  about: "Sobre: {result}",
  whatWeDid: "Lo que hicimos al respecto: {title}",
  statuses: { planned: "Planeado", in_progress: "En curso", done: "Hecho" },
  mapHeading: "{index} por distrito",
  mapDescription: "Mapa de {index} por distrito, en una escala de 0 a 100: {values}.",
  mapHidden: "Rayado: sin puntaje (menos de {k} respuestas, u oculto para proteger un distrito pequeño)",
  mapScale: "Puntaje sobre 100",
  indices: {
    procedural_justice: "Trato justo",
    procedural_justice_voice: "Ser escuchado",
    procedural_justice_neutrality: "Decisiones justas",
    procedural_justice_respect: "Respeto",
    procedural_justice_motives: "Buenas intenciones",
    trust: "Confianza",
    safety: "Sentirse seguro",
  },
  weightingVariables: { district: "distrito", age: "edad", gender: "género", race: "raza y etnia" },
  notFoundTitle: "Página no encontrada",
  notFoundBody: "No hay una página de resultados en esta dirección. Revise el enlace que recibió.",
  printHint: "Puede imprimir esta página o guardarla como PDF desde su navegador.",
};

const CATALOGUE: Readonly<Record<string, PublicStrings>> = { en, es };

export function publicStrings(language: string): PublicStrings {
  return CATALOGUE[language] ?? en;
}

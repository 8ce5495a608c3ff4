import { commentSets, evaluateThemes } from "../test/helpers/theme-quality.js";

/**
 * Prints per-theme precision and recall and sentiment accuracy on each labelled set: the part
 * the lexicon was tuned on and the two held-out sets. `--misses` lists errors.
 */
for (const set of commentSets()) {
  const report = evaluateThemes(set.comments);
  console.log(
    `\n== ${set.name}: ${report.comments} comments (en ${report.byLanguage.en}, es ${report.byLanguage.es})`,
  );
  console.log("theme                precision  recall  (tp/fp/fn)");
  for (const t of report.themes)
    console.log(
      `${t.theme.padEnd(20)} ${t.precision.toFixed(3).padStart(9)} ${t.recall.toFixed(3).padStart(7)}  (${t.tp}/${t.fp}/${t.fn})`,
    );
  const s = report.sentiment;
  console.log(
    `sentiment accuracy: ${s.accuracy.toFixed(3)} (en ${s.byLanguage.en.toFixed(3)}, es ${s.byLanguage.es.toFixed(3)})`,
  );
  console.log(`sentiment confusion (label → predicted): ${JSON.stringify(s.confusion)}`);
  if (process.argv.includes("--misses")) for (const miss of report.misses) console.log(`  ${miss}`);
}

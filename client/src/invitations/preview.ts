/**
 * A quick look at the first rows of a CSV before anything is sent, so staff can see that the
 * columns are the ones they meant. Only for display: the server parses and checks the file.
 */
export function previewRows(text: string, limit: number): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = body.slice(0, Math.max(0, body.search(/\r|\n/))) || body;
  const delimiter = [",", ";", "\t"].sort(
    (a, b) => firstLine.split(b).length - firstLine.split(a).length,
  )[0]!;
  for (let i = 0; i < body.length && rows.length < limit; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && body[i + 1] === "\n") i++;
      row.push(field);
      if (row.some((v) => v !== "")) rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (rows.length < limit && (field !== "" || row.length > 0)) rows.push([...row, field]);
  return rows;
}

/** Roughly how many data rows a file has (line breaks inside quotes make it an estimate). */
export function estimateRows(text: string): number {
  return Math.max(0, text.split(/\r\n|\n|\r/).filter((line) => line.trim() !== "").length - 1);
}

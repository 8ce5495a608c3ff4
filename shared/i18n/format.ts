/** Fills `{name}` slots of a UI string; a slot with no value stays visible, never "undefined". */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{([a-z]+)\}/g, (slot, key: string) =>
    Object.hasOwn(values, key) ? String(values[key]) : slot,
  );
}

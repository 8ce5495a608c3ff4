/** Whether a resource theme and a wanted theme are about the same thing (either may be broader). */
export function themeMatches(resourceTheme: string, wanted: string): boolean {
  return (
    resourceTheme === wanted ||
    wanted.startsWith(`${resourceTheme}.`) ||
    resourceTheme.startsWith(`${wanted}.`)
  );
}

/** The one cache the page and its service worker share (see sw.ts). */
export const CACHE_NAME = "cp-respondent-v1";

/**
 * Lets the survey reopen without a network: registers the service worker and stores this page
 * and its script and style, so a reload while offline still shows the form (with the saved
 * answers filled back in). Best effort: a browser without these features just does not.
 */
export function keepForOffline(serviceWorkerUrl: string): void {
  if (!("serviceWorker" in navigator) || typeof caches === "undefined") return;
  navigator.serviceWorker.register(serviceWorkerUrl, { scope: "/s/" }).catch(() => undefined);
  const style = document.querySelector<HTMLLinkElement>('link[rel="stylesheet"]')?.href;
  const urls = [location.href, import.meta.url, ...(style ? [style] : [])];
  // After load, so storing the copy never competes with the page itself on a slow line.
  const store = (): void => {
    caches
      .open(CACHE_NAME)
      .then((cache) => cache.addAll(urls))
      .catch(() => undefined);
  };
  if (document.readyState === "complete") setTimeout(store, 0);
  else addEventListener("load", () => setTimeout(store, 0), { once: true });
}

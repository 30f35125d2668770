// Loads a player library as a classic script (its UMD build defines a global), the way a site
// would include it, so the player runs exactly as distributed.

export function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = false;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load script ${src}`));
    document.head.append(script);
  });
}

export function loadStylesheet(href: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.onload = () => resolve();
    link.onerror = () => reject(new Error(`could not load stylesheet ${href}`));
    document.head.append(link);
  });
}

/** A global defined by a loaded script, or a clear error naming what is missing. */
export function requireGlobal<T>(name: string): T {
  const value = (window as unknown as Record<string, unknown>)[name];
  if (value === undefined) throw new Error(`the library did not define window.${name}`);
  return value as T;
}

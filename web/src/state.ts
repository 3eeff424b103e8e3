// What the whole app shares: the session (may this browser write reviews?) and the status line.
import type { Session } from "./api.js";
import { h } from "./dom.js";

let session: Session | null = null;

export function setSession(s: Session): void { session = s; }
export function getSession(): Session | null { return session; }
export function canWrite(): boolean {
  return session?.role === "analyst" || session?.role === "admin";
}

let toastTimer: number | undefined;
/** A short message in the corner (announced to screen readers). */
export function toast(message: string, error = false): void {
  let el = document.getElementById("toast");
  if (!el) {
    el = h("div", { id: "toast", role: "status", "aria-live": "polite" });
    document.body.append(el);
  }
  el.textContent = message;
  el.className = error ? "show error" : "show";
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => { el!.className = ""; }, 3500);
}

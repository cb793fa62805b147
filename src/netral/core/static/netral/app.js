// Netral: tiny progressive enhancements; the app works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Disable a submit button after the first click to avoid double submits
  // (the server also enforces one record per submission).
  document.querySelectorAll("form[data-once]").forEach((form) => {
    form.addEventListener("submit", () => {
      form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; b.setAttribute("aria-busy", "true"); });
    });
  });
});

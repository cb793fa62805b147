// Netral: tiny progressive enhancements; the app works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Disable a submit button after the first click to avoid double submits
  // (the server also enforces one record per submission).
  document.querySelectorAll("form[data-once]").forEach((form) => {
    form.addEventListener("submit", () => {
      form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; b.setAttribute("aria-busy", "true"); });
    });
  });

  // Reporter identity (reports/_identity_fields.html): "Anonim" hides the identity
  // fields and explains itself; anything typed there is cleared *visibly* (named in a
  // notice) and restored when the reporter picks another mode. Without JavaScript the
  // server refuses "Anonim" with identity filled in, so nothing is dropped silently.
  document.querySelectorAll("[data-identity]").forEach((box) => {
    const fields = box.querySelector("[data-identity-fields]");
    const note = box.querySelector("[data-anon-note]");
    const cleared = box.querySelector("[data-anon-cleared]");
    const list = box.querySelector("[data-anon-cleared-list]");
    let kept = null;
    const apply = () => {
      const checked = box.querySelector("input[name$=identity_mode]:checked");
      const anonymous = checked !== null && checked.value === "ANONYMOUS";
      note.hidden = !anonymous;
      if (anonymous) {
        const inputs = [...fields.querySelectorAll("input, textarea")].filter((i) => i.value.trim() !== "");
        if (inputs.length) {
          kept = inputs.map((i) => [i, i.value]);
          list.textContent = inputs.map((i) => {
            const label = box.querySelector(`label[for="${i.id}"]`);
            return label ? label.textContent.replace("*", "").trim() : i.name;
          }).join(", ");
          inputs.forEach((i) => { i.value = ""; });
          cleared.hidden = false;
        }
        fields.hidden = true;
      } else {
        if (kept) { kept.forEach(([i, v]) => { if (i.value === "") i.value = v; }); kept = null; }
        cleared.hidden = true;
        fields.hidden = false;
      }
    };
    box.querySelectorAll("input[name$=identity_mode]").forEach((r) => r.addEventListener("change", apply));
  });
});

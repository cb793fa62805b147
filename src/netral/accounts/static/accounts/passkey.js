// After the library's script registered a passkey, save the name typed beside the button:
// the name form posts to the new passkey's rename address (a normal form POST, CSRF-checked).
document.addEventListener("otp_webauthn.register_complete", (event) => {
  const form = document.getElementById("passkey-name-form");
  const id = event.detail && event.detail.id;
  if (!form || !id) return;
  form.action = form.dataset.renameUrl.replace("/0/", `/${encodeURIComponent(id)}/`);
  form.submit();
});

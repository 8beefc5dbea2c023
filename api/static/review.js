// Review page: the box of the field being edited is highlighted on the scan.
document.querySelectorAll("form.field-form").forEach(function (form) {
  var box = document.getElementById("box-" + form.dataset.key);
  if (!box) return;
  form.addEventListener("focusin", function () { box.classList.add("active"); });
  form.addEventListener("focusout", function () { box.classList.remove("active"); });
  if (form.contains(document.activeElement)) box.classList.add("active");  // autofocus
});

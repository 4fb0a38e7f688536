// Progressive enhancement: "Copy" buttons next to the link and snippets. Without JavaScript the
// buttons stay hidden and the read-only fields can be selected and copied by hand.
document.querySelectorAll("button.copy").forEach(function (button) {
  var target = document.getElementById(button.dataset.copy);
  if (!target || !navigator.clipboard) { return; }
  var label = button.textContent;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(target.value).then(function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = label; }, 2000);
    });
  });
});

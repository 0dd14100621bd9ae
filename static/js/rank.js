// The ranked ballot, made easier with JavaScript: press candidates in your order of
// preference instead of choosing numbers. The numbered selects stay the ballot (without
// JavaScript they are all there is, and the server checks them either way); these buttons
// only set them. Removing a candidate closes the gap, so the order never has one. A live
// region reads the order back after each change.
(function () {
  "use strict";
  var fieldset = document.getElementById("ranking");
  if (!fieldset) {
    return;
  }
  var rows = Array.prototype.slice.call(fieldset.querySelectorAll(".field.rank"));
  var order = document.createElement("p");
  order.id = "ranking-order";
  order.className = "ranking-order";
  order.setAttribute("aria-live", "polite");
  var reset = document.createElement("button");
  reset.type = "button";
  reset.className = "button secondary";
  reset.textContent = "Start my order again";

  function nameOf(row) {
    return row.querySelector("label").firstChild.textContent.trim();
  }
  function numberOf(row) {
    var value = row.querySelector("select").value;
    return value ? parseInt(value, 10) : 0;
  }
  function ordinal(n) {
    var s = ["th", "st", "nd", "rd"], v = n % 100;
    return n + (s[(v - 20) % 10] || s[v] || s[0]);
  }
  function render() {
    var ranked = rows.filter(numberOf).sort(function (a, b) { return numberOf(a) - numberOf(b); });
    rows.forEach(function (row) {
      var button = row.querySelector("button.rank-next");
      var n = numberOf(row);
      button.textContent = n ? "Remove " + nameOf(row) + " (" + ordinal(n) + " choice)" :
        "Make " + nameOf(row) + " my next choice";
      button.setAttribute("aria-pressed", n ? "true" : "false");
    });
    order.textContent = ranked.length ?
      "Your order: " + ranked.map(function (row) { return numberOf(row) + ". " + nameOf(row); }).join(", ") + "." :
      "You have not numbered anyone yet.";
  }
  function next() {
    return rows.reduce(function (most, row) { return Math.max(most, numberOf(row)); }, 0) + 1;
  }
  rows.forEach(function (row) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button secondary rank-next";
    button.addEventListener("click", function () {
      var select = row.querySelector("select");
      var n = numberOf(row);
      if (n) {  // remove, and move everyone after up by one
        select.value = "";
        rows.forEach(function (other) {
          var m = numberOf(other);
          if (m > n) { other.querySelector("select").value = String(m - 1); }
        });
      } else {
        select.value = String(next());
      }
      render();
    });
    row.appendChild(button);
    row.querySelector("select").addEventListener("change", render);
  });
  reset.addEventListener("click", function () {
    rows.forEach(function (row) { row.querySelector("select").value = ""; });
    render();
  });
  fieldset.appendChild(order);
  fieldset.appendChild(reset);
  render();
})();

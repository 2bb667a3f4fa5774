/* Lab pages: the widgets are drawn from the state saved when the book was built, and no
   Python runs behind them. Once the widget manager has drawn them inside a snapshot area
   (written by book/_ext/lab_pages.py), this script turns their controls off, so that they
   do not pretend to work:

   - form controls get the native `disabled` (no focus, no clicks, no typing; screen readers
     announce them as unavailable) and aria-disabled;
   - other controls (the tabs of a tab bar) leave the Tab order and are marked aria-disabled;
   - clicks and keys aimed at a control are stopped before the widget sees them;
   - a box that scrolls, with no control left to reach it by, takes the focus itself.

   The results around the controls (sentences, tables, charts) stay readable, selectable and
   in the accessibility tree. This is why the areas are not made `inert`: inert content is
   hidden from screen readers altogether. */
(function () {
  "use strict";

  var FORM_CONTROLS = "input, select, textarea, button, fieldset";
  // Parts that act as controls without being form controls (the tabs of a tab bar, say).
  // A scrollable results region with tabindex="0" is not one: it keeps its place in the
  // Tab order, so a keyboard can still scroll it.
  var CONTROL_ROLES = ["button", "checkbox", "combobox", "listbox", "menuitem", "option",
    "radio", "slider", "spinbutton", "switch", "tab", "tablist", "textbox"]
    .map(function (role) { return "[role=" + role + "]"; }).join(", ");
  var OTHER_CONTROLS = CONTROL_ROLES + ", [contenteditable]";
  var CONTROLS = FORM_CONTROLS + ", " + OTHER_CONTROLS + ", label, .lm-TabBar";
  var BLOCKED_EVENTS = ["pointerdown", "mousedown", "mouseup", "click", "dblclick",
    "keydown", "keypress", "keyup", "beforeinput", "input", "change", "paste", "drop"];

  function turnOff(area) {
    area.querySelectorAll(FORM_CONTROLS).forEach(function (control) {
      if (!control.disabled) {
        control.disabled = true;
      }
      if (control.getAttribute("aria-disabled") !== "true") {
        control.setAttribute("aria-disabled", "true");
      }
    });
    area.querySelectorAll(OTHER_CONTROLS).forEach(function (part) {
      if (part.matches(FORM_CONTROLS)) {
        return;
      }
      if (part.hasAttribute("tabindex") && part.getAttribute("tabindex") !== "-1") {
        part.setAttribute("tabindex", "-1");
      }
      if (part.isContentEditable) {
        part.setAttribute("contenteditable", "false");
      }
      if (part.getAttribute("aria-disabled") !== "true") {
        part.setAttribute("aria-disabled", "true");
      }
    });
  }

  // A box whose content is wider or taller than itself scrolls (a chart or a table on a
  // phone). Its controls no longer take the focus, so when nothing else in it can, the box
  // itself joins the Tab order, or a keyboard could not scroll it.
  var FOCUSABLE = "a[href], [tabindex]:not([tabindex='-1']), :is(" + FORM_CONTROLS +
    "):not(:disabled)";

  function scrolls(box) {
    var style = getComputedStyle(box);
    return (/auto|scroll/.test(style.overflowX) && box.scrollWidth > box.clientWidth + 1) ||
      (/auto|scroll/.test(style.overflowY) && box.scrollHeight > box.clientHeight + 1);
  }

  function keepScrollable(area) {
    area.querySelectorAll("div").forEach(function (box) {
      if (box.hasAttribute("tabindex") || !scrolls(box) || box.querySelector(FOCUSABLE)) {
        return;
      }
      box.setAttribute("tabindex", "0");
      if (!box.hasAttribute("role")) {
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Part of the snapshot that scrolls");
      }
    });
  }

  function stop(event) {
    var target = event.target;
    if (target instanceof Element && target.closest(CONTROLS)) {
      event.preventDefault();
      event.stopPropagation();
    }
  }

  function watch(area) {
    var pending = false;
    function update() {
      turnOff(area);
      // Sizes are read once per frame, after the widget manager's changes.
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(function () {
          pending = false;
          keepScrollable(area);
        });
      }
    }
    update();
    window.addEventListener("resize", update);
    BLOCKED_EVENTS.forEach(function (type) {
      area.addEventListener(type, stop, true);
    });
    // Focus that reaches a control anyway (a script calling focus()) is sent back out.
    area.addEventListener("focusin", function (event) {
      var target = event.target;
      if (target instanceof HTMLElement && target.closest(CONTROLS)) {
        target.blur();
      }
    });
    // The widget manager draws the widgets later, and a widget may redraw its parts (or
    // set `disabled` from its saved state): turn them off whenever anything changes.
    new MutationObserver(update).observe(area, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["disabled", "tabindex", "contenteditable"],
    });
  }

  function start() {
    document.querySelectorAll(".lab-snapshot__widgets").forEach(watch);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

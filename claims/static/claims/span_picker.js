/* The span picker (claims/admin/span_picker.py): selecting text inside a picker's `.span-source`
   fills the claim's start and end, as offsets into the article body in code points (Python's
   string indices), with white space trimmed from either end. The server checks the span again. */
"use strict";
(function () {
  function codePoints(text) { return Array.from(text).length; }

  // The body offset of a selection boundary: the source's data-offset plus the text before it.
  function offsetOf(source, node, offset) {
    const range = document.createRange();
    range.setStart(source, 0);
    range.setEnd(node, offset);
    return Number(source.dataset.offset) + codePoints(range.toString());
  }

  function picked(picker) {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    const source = picker.querySelector(".span-source");
    if (!source || !source.contains(range.startContainer) || !source.contains(range.endContainer)) return null;
    const text = range.toString();
    const lead = codePoints(text) - codePoints(text.replace(/^\s+/u, ""));
    const trail = codePoints(text) - codePoints(text.replace(/\s+$/u, ""));
    const start = offsetOf(source, range.startContainer, range.startOffset) + lead;
    const end = offsetOf(source, range.endContainer, range.endOffset) - trail;
    return end > start ? { start: start, end: end, text: text.trim() } : null;
  }

  // What the inputs held when the page was drawn, and the note then: for "Keep the span as it was".
  function remember(picker) {
    const start = document.getElementById(picker.dataset.startInput);
    const end = document.getElementById(picker.dataset.endInput);
    if (!("storedStart" in picker.dataset)) {
      picker.dataset.storedStart = start ? start.value : "";
      picker.dataset.storedEnd = end ? end.value : "";
      picker.dataset.storedNote = picker.querySelector(".span-picked").textContent;
    }
    return [start, end];
  }

  function show(picker, span) {
    const [start, end] = remember(picker);
    if (start && end) {
      start.value = span.start;
      end.value = span.end;
    }
    const reset = picker.querySelector(".span-reset");
    if (reset) reset.hidden = false;
    const link = picker.querySelector("a[data-new-claim]");
    if (link) {
      const url = new URL(link.href, window.location.href);
      url.searchParams.set("start", span.start);
      url.searchParams.set("end", span.end);
      link.href = url.toString();
      link.removeAttribute("aria-disabled");
      link.classList.remove("disabled");
    }
    const note = picker.querySelector(".span-picked");
    const shown = span.text.length > 160 ? span.text.slice(0, 160) + "…" : span.text;
    note.textContent = `Selected: “${shown}” (characters ${span.start}–${span.end}). ` +
      (link ? "Make it a claim with the button." : "Save to keep it.");
    picker.dataset.start = span.start;
    picker.dataset.end = span.end;
  }

  function onSelect() {
    document.querySelectorAll("[data-span-picker]").forEach(function (picker) {
      const span = picked(picker);
      if (span) show(picker, span);
    });
  }

  // A mouse, the keyboard (shift and arrows) or a finger: whichever ends the selection.
  document.addEventListener("mouseup", onSelect);
  document.addEventListener("keyup", onSelect);
  document.addEventListener("selectionchange", onSelect);
  document.addEventListener("click", function (event) {
    const link = event.target.closest("a[data-new-claim][aria-disabled]");
    if (link) event.preventDefault();  // nothing selected yet
    const reset = event.target.closest(".span-reset");
    if (reset) {
      const picker = reset.closest("[data-span-picker]");
      const [start, end] = remember(picker);
      if (start && end) {
        start.value = picker.dataset.storedStart;
        end.value = picker.dataset.storedEnd;
      }
      picker.querySelector(".span-picked").textContent = picker.dataset.storedNote;
      window.getSelection().removeAllRanges();
      reset.hidden = true;
    }
  });
})();

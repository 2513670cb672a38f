// Adds the visitor's own local time after each <time data-local-time> whose zone differs.
// Pages read fine without it: the event's own time and zone are always printed.
document.querySelectorAll("time[data-local-time]").forEach(function (el) {
  var when = new Date(el.getAttribute("datetime"));
  if (isNaN(when)) return;
  var local = when.toLocaleString(undefined, { weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  var note = document.createElement("span");
  note.className = "text-body-secondary";
  note.textContent = " (" + local + " your time)";
  if (Intl.DateTimeFormat().resolvedOptions().timeZone !== el.dataset.localTime) el.after(note);
});

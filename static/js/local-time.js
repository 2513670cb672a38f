// Adds the visitor's own local time after each <time data-local-time> whose zone differs, in the
// page's language (and so its digits and calendar: Solar Hijri on Persian pages).
// Pages read fine without it: the event's own time and zone are always printed.
document.querySelectorAll("time[data-local-time]").forEach(function (el) {
  var when = new Date(el.getAttribute("datetime"));
  if (isNaN(when)) return;
  var language = document.documentElement.lang || undefined;
  var local = when.toLocaleString(language, { weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  var note = document.createElement("span");
  note.className = "text-body-secondary";
  note.textContent = " " + (el.dataset.localNote || "({time} your time)").replace("{time}", local);
  if (Intl.DateTimeFormat().resolvedOptions().timeZone !== el.dataset.localTime) el.after(note);
});

// Tell the server this browser's time zone (the `tz` cookie, read by forum/zones.py), so dates and
// deadlines are shown, and typed in, in the reader's own time from the next page on. Without
// JavaScript: the zone chosen on one's account page, else the site's.
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
if (zone && /^[A-Za-z0-9_+\-\/]{1,64}$/.test(zone) && !document.cookie.split("; ").includes(`tz=${zone}`)) {
  const secure = location.protocol === "https:" ? "; secure" : "";
  document.cookie = `tz=${zone}; path=/; max-age=31536000; samesite=lax${secure}`;
}

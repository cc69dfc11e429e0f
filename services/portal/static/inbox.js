// The start page's inbox, live: the portal's stream says when something arrives, and the list is fetched
// again and swapped in (the region is aria-live="polite", so a screen reader tells of it without
// interrupting). Without this script the inbox is as fresh as the last reload.
const region = document.getElementById('inbox')

if (region && 'EventSource' in window) {
  let refreshing = false
  let again = false

  const refresh = async () => {
    const response = await fetch(region.dataset.fragment, {
      credentials: 'same-origin',
      headers: { Accept: 'text/html' }
    })
    // A login that ended answers the login page: leave the list as it is, the next reload shows why.
    if (!response.ok || response.redirected) return
    region.innerHTML = await response.text()
  }

  // One fetch at a time; news during a fetch is fetched once more after it.
  const refreshSoon = async () => {
    if (refreshing) { again = true; return }
    refreshing = true
    try {
      do { again = false; await refresh() } while (again)
    } catch (error) {
      // The network failed; the stream's next event or reconnection tries again.
    } finally {
      refreshing = false
    }
  }

  const stream = new EventSource(region.dataset.stream)
  stream.addEventListener('inbox', refreshSoon)
  // Each time the portal listens anew (at first, and after EventSource reconnected by itself when the
  // stream ended), what arrived while no one listened is fetched.
  stream.addEventListener('ready', () => {
    region.dataset.live = 'on'
    refreshSoon()
  })
  stream.addEventListener('error', () => { region.dataset.live = 'off' })
}

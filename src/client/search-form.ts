/**
 * The site's CSP says form-action 'none' (nothing is ever posted), so search forms are
 * followed by script: the query goes to /search/?q=… as a plain navigation.
 */
export function initSearchForms(): void {
  for (const form of document.querySelectorAll<HTMLFormElement>('[data-search-form]')) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const q = new FormData(form).get('q');
      window.location.assign(`/search/?q=${encodeURIComponent(String(q ?? ''))}`);
    });
  }
}

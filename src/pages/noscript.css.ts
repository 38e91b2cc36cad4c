/**
 * Styles for readers without JavaScript, linked from a <noscript> in the page head (the CSP
 * allows no inline <style>): script-only interfaces take no room at all, instead of being
 * hidden by script after they have been laid out (which would shift the page).
 */
import type { APIRoute } from 'astro';

export const GET: APIRoute = () =>
  new Response('[data-search-app]{display:none!important}\n', { headers: { 'Content-Type': 'text/css' } });

// The shared stylesheet and the theme bootstrap. The theme script runs in <head> so a persisted
// dark theme is applied before first paint on every page.

export const SITE_CSS = `
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none !important}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1b1b1f;background:#fff}
html.dark{color:#ececf1;background:#16161a}
body{margin:0}
a{color:#2450b2}
html.dark a{color:#9db8ff}
.skip-link{position:absolute;left:-999px}
.skip-link:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:10}
header.site{display:flex;flex-wrap:wrap;align-items:center;gap:1rem;padding:.75rem 1.5rem;border-bottom:1px solid #ccd}
header.site .brand{font-weight:700;text-decoration:none;font-size:1.2rem}
nav.main ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0}
nav.main a[aria-current="page"]{font-weight:700}
.cart-link{margin-left:auto}
.badge{display:inline-block;min-width:1.5em;padding:0 .4em;border-radius:1em;background:#2450b2;color:#fff;text-align:center}
main{max-width:52rem;margin:0 auto;padding:1rem 1.5rem 3rem}
footer.site{border-top:1px solid #ccd;padding:1rem 1.5rem;font-size:.9rem}
form.stack{display:grid;gap:.75rem;max-width:28rem}
form.stack label{font-weight:600}
input,select,textarea,button{font:inherit}
input:not([type=checkbox]),select,textarea{width:100%;padding:.4rem;border:1px solid #889;border-radius:4px}
button,.button{display:inline-block;padding:.45rem 1rem;border-radius:4px;border:1px solid #2450b2;background:#2450b2;color:#fff;cursor:pointer;text-decoration:none}
button.secondary{background:transparent;color:inherit;border-color:#889}
button:disabled{opacity:.6;cursor:not-allowed}
.alert{border:1px solid #b3261e;background:#fdecea;color:#6b1410;padding:.5rem .75rem;border-radius:4px}
.success{border:1px solid #1e7b34;background:#e6f4ea;color:#0d3d1a;padding:.5rem .75rem;border-radius:4px}
.hint{font-size:.9rem;color:#555}
html.dark .hint{color:#aaa}
.product-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1rem;list-style:none;padding:0}
.product-grid>li{border:1px solid #ccd;border-radius:6px;padding:.75rem}
.product-grid h2{font-size:1.05rem;margin:.2rem 0}
.price{font-weight:700}
.visually-hidden{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
dialog{border:1px solid #889;border-radius:8px;max-width:28rem}
dialog::backdrop{background:rgba(0,0,0,.4)}
.switch-row{display:flex;align-items:center;gap:.5rem}
.chat-log{border:1px solid #ccd;border-radius:6px;min-height:8rem;max-height:20rem;overflow:auto;padding:.5rem}
.chat-log ul{list-style:none;margin:0;padding:0}
iframe.challenge{width:100%;max-width:28rem;height:24rem;border:1px solid #889;border-radius:6px}
body.bank main{padding:.5rem 1rem}
body.bank h1{font-size:1.4rem;margin:.5rem 0}
progress{width:12rem;vertical-align:middle}
table{border-collapse:collapse}
td,th{padding:.3rem .6rem;border-bottom:1px solid #ccd;text-align:left}
article.mail{border:1px solid #ccd;border-radius:6px;padding:.5rem 1rem;margin-bottom:1rem}
[role=tablist]{display:flex;gap:.25rem;border-bottom:1px solid #889;margin-bottom:1rem}
[role=tab]{background:transparent;color:inherit;border-color:#889;border-radius:4px 4px 0 0}
[role=tab][aria-selected=true]{background:#2450b2;color:#fff}
.plans{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:1rem;list-style:none;padding:0}
.plans>li{border:1px solid #ccd;border-radius:6px;padding:.75rem}
.pagination{display:flex;gap:.75rem;list-style:none;padding:0}
.pagination a[aria-current=page]{font-weight:700;text-decoration:none}
.rules{list-style:none;padding:0;margin:.25rem 0}
.rules .rule-mark{display:inline-block;width:1.2em;color:#b3261e}
.rules li.met .rule-mark{color:#1e7b34}
.reviews{list-style:none;padding:0}
.reviews article{border-bottom:1px solid #ccd;padding:.25rem 0}
.review-stars>[aria-hidden]{color:#b26a00}
.star-rating .star{position:relative;display:inline-block;font-size:1.6rem;line-height:1;cursor:pointer;color:#bbb}
.star-rating .star.on{color:#b26a00}
.star-rating .star input{position:absolute;inset:0;width:100%;height:100%;margin:0;opacity:0;cursor:pointer}
.star-rating .star:focus-within{outline:2px solid #2450b2;outline-offset:2px}
.cookie-banner{border:2px solid #2450b2;border-radius:6px;padding:.5rem 1rem 1rem;margin-bottom:1rem}
.cookie-actions{display:flex;flex-wrap:wrap;gap:.5rem}
.articles{list-style:none;padding:0}
.comments{list-style:none;padding:0}
.comments article{border-bottom:1px solid #ccd;padding:.25rem 0 .5rem}
.comment-byline{margin:.25rem 0}
.dialog-actions{display:flex;gap:.5rem;justify-content:flex-end}
.screen{max-width:32rem;margin:1rem 0 .5rem;border-top:4px solid #889;text-align:center;color:#555}
.seat-map{display:grid;gap:.35rem;margin-bottom:.5rem}
.seat-row{display:flex;align-items:center;gap:.35rem}
.seat-row-name{width:1.5em;font-weight:700}
.seat{min-width:3em;padding:.3rem .4rem;background:transparent;color:inherit;border-color:#889}
.seat.premium{border-color:#b26a00;border-width:2px}
.seat[aria-pressed=true]{background:#2450b2;color:#fff}
.seat:disabled{background:#ccc;color:#666;opacity:1}
.combobox{position:relative}
.combobox [role=listbox]{position:absolute;z-index:5;left:0;right:0;margin:0;padding:0;list-style:none;background:#fff;border:1px solid #889;border-radius:0 0 4px 4px}
html.dark .combobox [role=listbox]{background:#16161a}
.combobox [role=option]{padding:.35rem .5rem;cursor:pointer}
.combobox [role=option][aria-selected=true],.combobox [role=option]:hover{background:#dde6fb;color:#1b1b1f}
.quiz-mark{margin:.25rem 0 0;font-weight:600}
.tags{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0}
.tag{display:inline-flex;align-items:center;gap:.25rem;border:1px solid #2450b2;border-radius:1rem;padding:.1rem .25rem .1rem .75rem}
.tag-remove{padding:0 .5rem;border-radius:1rem;background:transparent;color:inherit;border-color:transparent}
.messages{list-style:none;padding:0}
.message{border-bottom:1px solid #ccd;padding:.25rem 0 .5rem}
.message h2{font-size:1.05rem;margin:.2rem 0}
.message-from{margin:.25rem 0}
.toast{display:flex;align-items:center;gap:.75rem;min-height:2.5rem}
.slider-row{display:flex;align-items:center;gap:.75rem}
.slider-row input[type=range]{flex:1;padding:0;border:0}
.projects{list-style:none;padding:0}
.project{border-bottom:1px solid #ccd;padding:.25rem 0 .5rem}
.project h2{font-size:1.05rem;margin:.2rem 0}
button.danger{background:#b3261e;border-color:#b3261e}
.date-filter{display:flex;flex-wrap:wrap;align-items:flex-end;gap:.75rem;margin-bottom:1rem}
.date-filter label{display:block;font-weight:600}
.filter-actions{display:flex;align-items:center;gap:.75rem}
.playlists{list-style:none;padding:0}
.playlist{border-bottom:1px solid #ccd;padding:.25rem 0 .5rem}
.playlist h2{font-size:1.05rem;margin:.2rem 0}
.rename-form{display:grid;gap:.35rem;max-width:24rem;margin:.25rem 0 .5rem}
.rename-form label{font-weight:600}
.rename-actions{display:flex;gap:.5rem}
fieldset.reasons{display:grid;gap:.35rem}
.reason{display:flex;align-items:center;gap:.5rem}
.conditional{display:grid;gap:.35rem;margin-left:.6rem;padding-left:1rem;border-left:4px solid #889}
.form-actions{display:flex;align-items:center;gap:1rem}
.photos{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1rem;list-style:none;padding:0}
.photo{margin:0}
.photo:focus{outline:2px solid #2450b2;outline-offset:2px}
.photo-picture{aspect-ratio:4/3;border-radius:6px}
.photo figcaption{margin-top:.35rem}
.stops{padding-left:1.5rem}
.stop{border-bottom:1px solid #ccd;padding:.25rem 0 .5rem}
.stop h2{font-size:1.05rem;margin:.2rem 0}
.stop-actions{display:flex;gap:.5rem}
.slots{display:grid;grid-template-columns:repeat(auto-fill,minmax(7rem,1fr));gap:.35rem}
.slot{display:flex;align-items:center;gap:.4rem}
.slot input:disabled+label{color:#777}
.slot-note{font-size:.8rem;font-style:italic}
.board{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:1rem}
.board-column{border:1px solid #ccd;border-radius:6px;padding:0 .75rem .75rem}
.board-column h2{font-size:1.1rem}
.cards{list-style:none;padding:0;display:grid;gap:.5rem}
.card{border:1px solid #ccd;border-radius:4px;padding:.25rem .5rem .5rem}
.card h3{font-size:1rem;margin:.2rem 0 .4rem}
.move-row{display:flex;align-items:center;gap:.4rem}
.move-row select{width:auto}
.event-filter{display:grid;gap:.5rem;margin-bottom:1rem}
fieldset.event-types{display:flex;flex-wrap:wrap;gap:.35rem 1rem}
.chips-row{display:flex;flex-wrap:wrap;align-items:center;gap:.75rem}
.chip-remove{padding:0 .5rem;text-decoration:none}
.group-facts dt{font-weight:600}
.group-facts dd{margin:0 0 .5rem}
.servings{display:grid;gap:.35rem;max-width:14rem}
.servings label{font-weight:600}
.stepper{display:flex;align-items:center;gap:.4rem}
.stepper input{width:5rem;text-align:center}
.ingredients{padding-left:1.25rem}
.error-summary{border:4px solid #b3261e;padding:.25rem 1rem .5rem;margin:1rem 0}
.error-summary:focus{outline:3px solid #ffbf47}
.error-summary h2{font-size:1.2rem;margin:.25rem 0}
.error-summary-list a{color:#b3261e;font-weight:600}
.form-group{display:grid;gap:.35rem}
.form-group-error{border-left:4px solid #b3261e;padding-left:.75rem}
.form-group-error input:not([type=checkbox]){border:2px solid #b3261e}
.error-message{color:#b3261e;font-weight:600;margin:0}
.people{display:grid;gap:.75rem}
fieldset.person{display:grid;gap:.35rem;border:1px solid #ccd;border-radius:6px}
fieldset.person .remove-person{justify-self:start}
`;

export const THEME_STORAGE_KEY = 'demo-theme';

export const THEME_BOOTSTRAP_JS = `(function () {
  try {
    if (localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)}) === 'dark') {
      document.documentElement.classList.add('dark');
    }
  } catch (e) { /* storage disabled: stay light */ }
})();
`;

// Starts GOV.UK Frontend's components (error summaries, details, character counts).
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();

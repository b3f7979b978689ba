// Renders the Devon questionnaire (window.BENCH_SURVEY_MODEL, from model.js)
// with survey-js-ui into #survey.
(function () {
  var model = new Survey.Model(window.BENCH_SURVEY_MODEL);
  window.benchSurvey = model;
  SurveyUI.renderSurvey(model, document.getElementById("survey"));
})();

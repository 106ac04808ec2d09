/* parportal: Material for MkDocs' search worker with one change to ranking.
 *
 * Material appends a wildcard to every word of a query ("an binh 2" is searched as
 * "an* binh* 2*"), and lunr weighs each indexed word a wildcard reaches by how rare it is.
 * Among thousands of units a rare longer word ("28" of "Ban chuyên ngành số 28", a rank such
 * as 2258) then outranked the word typed, and "an binh 2" listed thirty other units before
 * xã An Bình 2. Each such word is therefore also searched exactly, with a boost, so exact
 * words count most while search as you type still finds words by their start.
 *
 * The page passes Material's own worker (same folder) as ?w=, set in overrides/main.html.
 */
"use strict";
var EXACT_BOOST = 10;
var material = new URL(self.location.href).searchParams.get("w") || "";
if (!/^search\.[0-9a-f]+\.min\.js$/.test(material)) {
  throw new Error("parportal-search: unexpected Material worker name " + JSON.stringify(material));
}
importScripts(material);
(function () {
  var search = self.lunr.Index.prototype.search;
  var plainPrefix = /^([^\s:+\-~^*]+)\*$/;  // a bare word with Material's trailing wildcard
  self.lunr.Index.prototype.search = function (query) {
    var words = String(query).split(" ").map(function (word) {
      var m = plainPrefix.exec(word);
      return m ? m[1] + "^" + EXACT_BOOST + " " + word : word;
    });
    return search.call(this, words.join(" "));
  };
})();

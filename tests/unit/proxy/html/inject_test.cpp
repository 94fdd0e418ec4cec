#include "proxy/html/inject.hpp"

#include <boost/test/unit_test.hpp>

using namespace hs1c::html;

namespace {

constexpr std::string_view snippet = "<!--S-->";

}  // namespace

BOOST_AUTO_TEST_SUITE(inject_test)

BOOST_AUTO_TEST_CASE(snippet_tags)
{
    BOOST_TEST(make_snippet({"/_hs1c/ui/plugin.js"}, {"/_hs1c/ui/plugin.css"}) ==
               "<link rel=\"stylesheet\" href=\"/_hs1c/ui/plugin.css\">"
               "<script defer src=\"/_hs1c/ui/plugin.js\"></script>");
    BOOST_TEST(make_snippet({"/a.js?v=1&x=\"'<>", "/b.js"}, {}) ==
               "<script defer src=\"/a.js?v=1&amp;x=&quot;&#39;&lt;&gt;\"></script>"
               "<script defer src=\"/b.js\"></script>");
    BOOST_TEST(make_snippet({}, {}) == "");
}

BOOST_AUTO_TEST_CASE(before_head_close)
{
    BOOST_TEST(inject("<html><head><title>t</title></HEAD><body></body></html>", snippet) ==
               "<html><head><title>t</title><!--S--></HEAD><body></body></html>");
    BOOST_TEST(inject("<head></head><body></head></body>", snippet) == "<head><!--S--></head><body></head></body>");
    BOOST_TEST(inject("<head></head ><body></body>", snippet) == "<head></head ><body><!--S--></body>");
}

BOOST_AUTO_TEST_CASE(before_last_body_close)
{
    BOOST_TEST(inject("<body>a</body>b</BODY>", snippet) == "<body>a</body>b<!--S--></BODY>");
    BOOST_TEST(inject("<p>x</p></Body></html>", snippet) == "<p>x</p><!--S--></Body></html>");
}

BOOST_AUTO_TEST_CASE(appended_without_either)
{
    BOOST_TEST(inject("<p>fragment</p>", snippet) == "<p>fragment</p><!--S-->");
    BOOST_TEST(inject("", snippet) == "<!--S-->");
    BOOST_TEST(inject("</hea", snippet) == "</hea<!--S-->");
}

BOOST_AUTO_TEST_CASE(html_content_types)
{
    BOOST_TEST(is_html("text/html"));
    BOOST_TEST(is_html("Text/HTML; charset=utf-8"));
    BOOST_TEST(is_html(" text/html ;charset=windows-1251"));
    BOOST_TEST(!is_html("text/htmlx"));
    BOOST_TEST(!is_html("text/plain"));
    BOOST_TEST(!is_html("application/json"));
    BOOST_TEST(!is_html("application/xhtml+xml"));
    BOOST_TEST(!is_html(""));
}

BOOST_AUTO_TEST_SUITE_END()

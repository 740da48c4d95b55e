#include "anaplan_core/transactional/transactional_json.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/json/json_util.h"
#include "anaplan_core/testing/status_matchers.h"

namespace anaplan::core {
namespace {

using ::anaplan::testing::IsOk;
using ::anaplan::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

rapidjson::Document Json(const std::string& text) {
  absl::StatusOr<rapidjson::Document> doc = ParseJson(text);
  EXPECT_THAT(doc.status(), IsOk()) << text;
  return doc.ok() ? *std::move(doc) : rapidjson::Document();
}

TEST(TransactionalJsonTest, NamedObjectIdsFromStringsOrNumbers) {
  auto a = ParseNamedObject(Json(R"({"id":"101000000001","name":"Region"})"));
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->id, 101000000001);
  EXPECT_EQ(a->code, "");
  auto b = ParseNamedObject(Json(R"({"id":7,"name":"x","code":"C"})"));
  ASSERT_THAT(b, IsOk());
  EXPECT_EQ(b->code, "C");
  EXPECT_THAT(ParseNamedObject(Json(R"({"name":"no id"})")),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("item.id")));
}

TEST(TransactionalJsonTest, ModelStatusWithNulls) {
  auto s = ParseModelStatus(
      Json(R"({"requestStatus":{"peakMemoryUsageEstimate":null,)"
           R"("peakMemoryUsageTime":5,"progress":-1.0,"currentStep":"Open",)"
           R"("tooltip":null,"taskId":null,"creationTime":1700000000000,)"
           R"("exportTaskType":null}})"));
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(s->current_step, "Open");
  EXPECT_DOUBLE_EQ(s->progress, -1.0);
  EXPECT_FALSE(s->peak_memory_usage_estimate.has_value());
  EXPECT_EQ(s->peak_memory_usage_time, 5);
  EXPECT_EQ(s->tooltip, "");
  EXPECT_THAT(ParseModelStatus(Json(R"({"status":{}})")),
              StatusIs(absl::StatusCode::kInternal));
}

TEST(TransactionalJsonTest, ViewInfoWithoutPages) {
  auto v = ParseViewInfo(
      Json(R"({"viewId":"102000000000","viewName":"Sales",)"
           R"("rows":[{"id":"101000000001","name":"Region"}],)"
           R"("columns":[{"id":"20000000012","name":"Line Items"}]})"));
  ASSERT_THAT(v, IsOk());
  EXPECT_EQ(v->view_id, 102000000000);
  ASSERT_EQ(v->rows.size(), 1u);
  EXPECT_EQ(v->columns[0].name, "Line Items");
  EXPECT_TRUE(v->pages.empty());
}

TEST(TransactionalJsonTest, LineItemKeepsWholeObject) {
  auto li = ParseLineItem(
      Json(R"({"id":"206000000001","name":"Revenue","moduleId":"102000000000",)"
           R"("moduleName":"Sales","format":"NUMBER","isSummary":true,)"
           R"("formatMetadata":{"dataType":"NUMBER","decimalPlaces":2},)"
           R"("appliesTo":[{"id":"101000000001","name":"Region"}]})"));
  ASSERT_THAT(li, IsOk());
  EXPECT_EQ(li->module_id, 102000000000);
  EXPECT_TRUE(li->is_summary);
  ASSERT_EQ(li->applies_to.size(), 1u);
  EXPECT_THAT(li->json, HasSubstr("\"decimalPlaces\":2"));
}

TEST(TransactionalJsonTest, ListMetadataReadsBothNextIndexSpellings) {
  auto spec = ParseListMetadata(
      Json(R"({"id":"101000000000","name":"E","nextitemIndex":12,)"
           R"("properties":[{"name":"P","format":"NUMBER"}],)"
           R"("parent":{"id":"101000000009","name":"Top"}})"));
  ASSERT_THAT(spec, IsOk());
  EXPECT_EQ(spec->next_item_index, 12);
  ASSERT_TRUE(spec->parent.has_value());
  EXPECT_EQ(spec->parent->name, "Top");
  EXPECT_EQ(spec->properties[0].format, "NUMBER");
  auto sdk = ParseListMetadata(Json(R"({"id":1,"nextItemIndex":3})"));
  ASSERT_THAT(sdk, IsOk());
  EXPECT_EQ(sdk->next_item_index, 3);
}

TEST(TransactionalJsonTest, ListItemPropertiesAsText) {
  auto item = ParseListItem(
      Json(R"({"id":"206000000001","name":"A","code":"a","parent":"All",)"
           R"("parentId":"206000000000","properties":{"count":"1.0","n":2},)"
           R"("subsets":{"S1":true,"S2":false}})"));
  ASSERT_THAT(item, IsOk());
  EXPECT_EQ(item->properties.at("count"), "1.0");
  EXPECT_EQ(item->properties.at("n"), "2");
  EXPECT_TRUE(item->subsets.at("S1"));
  EXPECT_FALSE(item->subsets.at("S2"));
  EXPECT_EQ(item->parent_id, 206000000000);
}

TEST(TransactionalJsonTest, WriteResultsWithAndWithoutFailures) {
  auto added = ParseListItemsResult(
      Json(R"({"added":2,"ignored":1,"total":3,"failures":[{"requestIndex":2,)"
           R"("failureType":"DUPLICATE_NAME","failureMessageDetails":"x"}]})"));
  ASSERT_THAT(added, IsOk());
  EXPECT_EQ(added->added, 2);
  EXPECT_EQ(added->calls, 1);
  ASSERT_EQ(added->failures.size(), 1u);
  EXPECT_EQ(added->failures[0].failure_type, "DUPLICATE_NAME");
  auto cells = ParseWriteCellsResult(Json(R"({"numberOfCellsChanged":4.0})"));
  ASSERT_THAT(cells, IsOk());
  EXPECT_EQ(cells->number_of_cells_changed, 4);
  EXPECT_TRUE(cells->failures.empty());
}

TEST(TransactionalJsonTest, ViewData) {
  auto data = ParseViewData(Json(
      R"({"pages":["Jan 21"],"columnCoordinates":[["Jan 21"],["Feb 21"]],)"
      R"("rows":[{"rowCoordinates":["Product A"],"cells":["10","20"]}]})"));
  ASSERT_THAT(data, IsOk());
  EXPECT_THAT(data->pages, ElementsAre("Jan 21"));
  ASSERT_EQ(data->column_coordinates.size(), 2u);
  ASSERT_EQ(data->rows.size(), 1u);
  EXPECT_THAT(data->rows[0].cells, ElementsAre("10", "20"));
}

TEST(TransactionalJsonTest, CalendarSpecAndSdkTotalsNames) {
  auto spec = ParseModelCalendar(Json(
      R"({"calendarType":"Calendar Months/Quarters/Years",)"
      R"("fiscalYear":{"year":"FY24","startDate":"2024-01-01"},)"
      R"("currentPeriod":{"periodText":"Mar 24","lastDay":"2024-03-31"},)"
      R"("totalsSelection":{"isQuarterTotals":true,"isYearToGoSummary":true}})"));
  ASSERT_THAT(spec, IsOk());
  EXPECT_TRUE(spec->quarter_totals);
  EXPECT_TRUE(spec->year_to_go_summary);
  EXPECT_FALSE(spec->half_year_totals);
  EXPECT_EQ(spec->current_period.last_day, "2024-03-31");
  auto sdk = ParseModelCalendar(
      Json(R"({"calendarType":"Weeks: General","weeksCount":52,)"
           R"("totalsSelection":{"halfYearTotals":true}})"));
  ASSERT_THAT(sdk, IsOk());
  EXPECT_TRUE(sdk->half_year_totals);
  EXPECT_EQ(sdk->weeks_count, 52);
  EXPECT_THAT(ParseModelCalendar(Json(R"({})")),
              StatusIs(absl::StatusCode::kInternal));
}

TEST(TransactionalJsonTest, VersionDatesFromObjects) {
  auto v = ParseVersion(
      Json(R"({"id":"107000000002","name":"Forecast","isCurrent":true,)"
           R"("switchover":{"date":"2024-06-30","periodText":"Jun 24"}})"));
  ASSERT_THAT(v, IsOk());
  EXPECT_EQ(v->switchover, "2024-06-30");
  EXPECT_TRUE(v->is_current);
}

TEST(TransactionalJsonTest, RequestBodies) {
  ListItemInput item;
  item.name = "A \"quoted\"";
  item.properties["p"] = "1";
  EXPECT_EQ(ListItemsBody({item}),
            R"({"items":[{"name":"A \"quoted\"","properties":{"p":"1"}}]})");
  ListItemInput by_id;
  by_id.id = 206000000001;
  EXPECT_EQ(ListItemsBody({by_id}), R"({"items":[{"id":"206000000001"}]})");

  CellWrite cell;
  cell.line_item_name = "Revenue";
  cell.dimensions.push_back(CellDimension{101000000001, "", 0, "", "N"});
  cell.kind = CellWrite::Kind::kNumber;
  cell.number = 2.5;
  EXPECT_EQ(CellWritesBody({cell}),
            R"([{"lineItemName":"Revenue","dimensions":[{"dimensionId":)"
            R"("101000000001","itemCode":"N"}],"value":2.5}])");
  EXPECT_EQ(LookupBody({"a"}, {}), R"({"codes":["a"],"names":null})");
  EXPECT_EQ(SingleFieldBody("date", "2024-01-31"), R"({"date":"2024-01-31"})");
}

}  // namespace
}  // namespace anaplan::core

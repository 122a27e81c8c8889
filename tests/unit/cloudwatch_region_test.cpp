#include <alarmbridge/cloudwatch/region.hpp>

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace cw = alarmbridge::cloudwatch;

TEST(Region, EveryCodeIsUniqueWellFormedAndInItsPartition) {
    std::set<std::string_view> codes;
    std::set<std::string> names;
    for (const auto& r : cw::regions) {
        EXPECT_TRUE(codes.insert(r.code).second) << r.code;
        EXPECT_TRUE(names.insert(cw::detail::fold_region_name(r.name)).second) << r.name;
        EXPECT_TRUE(cw::looks_like_region_code(r.code)) << r.code;
        EXPECT_EQ(cw::partition_of_region(r.code), r.partition) << r.code;
        EXPECT_EQ(cw::find_region(r.code), &r);
        EXPECT_EQ(cw::find_region_by_name(r.name), &r) << r.name;
    }
}

TEST(Region, CoversCommercialGovCloudAndChina) {
    std::size_t aws = 0, gov = 0, cn = 0;
    for (const auto& r : cw::regions) {
        aws += r.partition == "aws";
        gov += r.partition == "aws-us-gov";
        cn += r.partition == "aws-cn";
    }
    EXPECT_GE(aws, 34u);
    EXPECT_EQ(gov, 2u);
    EXPECT_EQ(cn, 2u);
}

TEST(Region, ReadsEveryDisplayNameSpellingSeenInPayloads) {
    struct case_t {
        const char* name;
        const char* code;
    };
    for (const auto& c : {case_t{"Asia Pacific (Seoul)", "ap-northeast-2"}, case_t{"EU (Ireland)", "eu-west-1"},
                          case_t{"Europe (Ireland)", "eu-west-1"}, case_t{"EU - Ireland", "eu-west-1"},
                          case_t{"US West - Oregon", "us-west-2"}, case_t{"US East (N. Virginia)", "us-east-1"},
                          case_t{"US (Virginia)", "us-east-1"}, case_t{"EU (London)", "eu-west-2"},
                          case_t{"South America (S\xC3\xA3o Paulo)", "sa-east-1"},
                          case_t{"AWS GovCloud (US)", "us-gov-west-1"}, case_t{"AWS GovCloud (US-East)", "us-gov-east-1"},
                          case_t{"China (Beijing)", "cn-north-1"}, case_t{"china (ningxia)", "cn-northwest-1"}}) {
        const auto* r = cw::find_region_by_name(c.name);
        ASSERT_NE(r, nullptr) << c.name;
        EXPECT_EQ(r->code, c.code) << c.name;
    }
    EXPECT_EQ(cw::find_region_by_name("EXAMPLE"), nullptr);
    EXPECT_EQ(cw::find_region_by_name(""), nullptr);
    EXPECT_EQ(cw::find_region_by_name("Mars (Olympus Mons)"), nullptr);
}

TEST(Region, RecognizesCodesItDoesNotListYet) {
    EXPECT_TRUE(cw::looks_like_region_code("ap-southeast-9"));
    EXPECT_TRUE(cw::looks_like_region_code("us-gov-east-1"));
    EXPECT_TRUE(cw::looks_like_region_code("eusc-de-east-1"));
    for (const char* bad : {"", "REGION", "us-east", "us-east-", "-east-1", "us--east-1", "US-EAST-1", "us-east-1a", "useast1"})
        EXPECT_FALSE(cw::looks_like_region_code(bad)) << bad;
    EXPECT_EQ(cw::partition_of_region("cn-south-7"), "aws-cn");
    EXPECT_EQ(cw::partition_of_region("us-gov-central-3"), "aws-us-gov");
    EXPECT_EQ(cw::partition_of_region("eu-west-9"), "aws");
}

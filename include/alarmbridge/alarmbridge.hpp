// alarmbridge/alarmbridge.hpp - everything in one include.
#pragma once

#include <alarmbridge/cloudwatch/alarm.hpp>
#include <alarmbridge/cloudwatch/region.hpp>
#include <alarmbridge/cloudwatch/timestamp.hpp>
#include <alarmbridge/event.hpp>
#include <alarmbridge/parse_options.hpp>
#include <alarmbridge/format/alarm_message.hpp>
#include <alarmbridge/http/transport.hpp>
#include <alarmbridge/export.hpp>
#include <alarmbridge/result.hpp>
#include <alarmbridge/slack/blocks.hpp>
#include <alarmbridge/slack/message.hpp>
#include <alarmbridge/slack/mrkdwn.hpp>
#include <alarmbridge/slack/render.hpp>
#include <alarmbridge/slack/validate.hpp>
#include <alarmbridge/slack/webhook.hpp>
#include <alarmbridge/sns/message.hpp>
#include <alarmbridge/sns/verify.hpp>
#include <alarmbridge/storage.hpp>
#include <alarmbridge/version.hpp>

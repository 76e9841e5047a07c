#include <deal.II/base/exceptions.h>

#include <deadli/cycling/schedule.h>
#include <deadli/physics/constants.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <sstream>

namespace deadli
{
  namespace
  {
    constexpr double infinity = std::numeric_limits<double>::infinity();

    const std::string grammar =
      "Each stage is 'plate|strip <number> mA/cm2|V' followed by limits "
      "'for <number> s|min|h', 'to <number> mAh/cm2', 'to <number> V', or "
      "'rest <number> s|min|h'; stages are separated by ';', e.g. 'plate 2 "
      "mA/cm2 to 1 mAh/cm2; rest 10 min; strip 0.5 mA/cm2 to 1 V for 4 h'.";

    std::string
    lower_case(std::string word)
    {
      std::transform(word.begin(), word.end(), word.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      });
      return word;
    }

    std::string
    trimmed(const std::string &text)
    {
      const auto first = text.find_first_not_of(" \t\n");
      if (first == std::string::npos)
        return "";
      return text.substr(first, text.find_last_not_of(" \t\n") - first + 1);
    }

    /// The words of one stage, with the stage text for error messages.
    class StageReader
    {
    public:
      explicit StageReader(const std::string &stage_text)
        : text(trimmed(stage_text))
      {
        std::istringstream stream(stage_text);
        std::string        word;
        while (stream >> word)
          words.push_back(lower_case(word));
      }

      bool
      done() const
      {
        return position >= words.size();
      }

      std::string
      next(const std::string &expected)
      {
        if (done())
          fail("it ends where " + expected + " was expected");
        return words[position++];
      }

      double
      number(const std::string &what)
      {
        const std::string word   = next(what);
        std::size_t       length = 0;
        double            value  = 0;
        try
          {
            value = std::stod(word, &length);
          }
        catch (...)
          {
            length = 0;
          }
        if (length != word.size() || !std::isfinite(value))
          fail("'" + word + "' is not a number (" + what + ")");
        return value;
      }

      /// Seconds in a time given as number and unit.
      double
      time()
      {
        const double      value = number("a time");
        const std::string unit  = next("a time unit (s, min or h)");
        double            scale = 0;
        if (unit == "s")
          scale = 1;
        else if (unit == "min")
          scale = 60;
        else if (unit == "h")
          scale = 3600;
        else
          fail("'" + unit + "' is not a time unit (s, min or h)");
        if (!(value > 0))
          fail("a time must be positive");
        return value * scale;
      }

      [[noreturn]] void
      fail(const std::string &reason) const
      {
        throw dealii::ExcMessage("Parameter 'Cycling/Schedule': in stage '" +
                                 text + "': " + reason + ". " + grammar);
      }

    private:
      const std::string        text;
      std::vector<std::string> words;
      std::size_t              position = 0;
    };



    StageSpecification
    read_stage(StageReader &reader)
    {
      StageSpecification stage;
      stage.name         = reader.next("plate, strip or rest");
      stage.duration     = infinity;
      stage.lower_cutoff = -infinity;
      stage.upper_cutoff = infinity;
      stage.capacity     = infinity;
      if (stage.name == "rest")
        {
          stage.galvanostatic = true;
          stage.value         = 0;
          stage.duration      = reader.time();
          if (!reader.done())
            reader.fail("a rest takes only a time");
          return stage;
        }
      if (stage.name != "plate" && stage.name != "strip")
        reader.fail("'" + stage.name + "' is not plate, strip or rest");
      const bool plating = stage.name == "plate";

      const double      applied = reader.number("the applied current or "
                                                "potential");
      const std::string unit    = reader.next("mA/cm2 or V");
      if (unit == "ma/cm2")
        {
          if (!(applied > 0))
            reader.fail("a current density must be positive; the stage "
                        "name gives its direction");
          stage.galvanostatic = true;
          stage.value         = (plating ? 1 : -1) * applied *
                        constants::milliampere_per_square_centimetre;
        }
      else if (unit == "v")
        {
          stage.galvanostatic = false;
          stage.value         = applied;
        }
      else
        reader.fail("'" + unit + "' is not mA/cm2 or V");

      while (!reader.done())
        {
          const std::string keyword = reader.next("for or to");
          if (keyword == "for")
            stage.duration = std::min(stage.duration, reader.time());
          else if (keyword == "to")
            {
              const double      limit      = reader.number("a limit");
              const std::string limit_unit = reader.next("mAh/cm2 or V");
              if (limit_unit == "mah/cm2")
                {
                  if (!(limit > 0))
                    reader.fail("a capacity must be positive");
                  stage.capacity =
                    limit * constants::milliampere_hour_per_square_centimetre;
                }
              else if (limit_unit == "v")
                {
                  if (!stage.galvanostatic)
                    reader.fail("a cut-off potential needs a set current "
                                "(mA/cm2), not a set potential");
                  if (plating)
                    stage.lower_cutoff = limit;
                  else
                    stage.upper_cutoff = limit;
                }
              else
                reader.fail("'" + limit_unit + "' is not mAh/cm2 or V");
            }
          else
            reader.fail("'" + keyword + "' is not 'for' or 'to'");
        }

      // At constant current a capacity is a time: ending the stage there
      // lets the step controller land on it exactly.
      if (stage.galvanostatic && std::isfinite(stage.capacity))
        stage.duration =
          std::min(stage.duration, stage.capacity / std::abs(stage.value));
      if (!std::isfinite(stage.duration))
        reader.fail("it needs a time ('for ...'), or under a set current a "
                    "capacity ('to ... mAh/cm2'), so that the schedule has "
                    "an end; add 'for' as a safety limit to a stage that "
                    "should end at a cut-off");
      return stage;
    }
  } // namespace



  std::vector<StageSpecification>
  parse_schedule(const std::string &text)
  {
    std::vector<StageSpecification> stages;
    std::istringstream              stream(text);
    std::string                     stage_text;
    while (std::getline(stream, stage_text, ';'))
      {
        StageReader reader(stage_text);
        if (reader.done())
          continue;
        stages.push_back(read_stage(reader));
      }
    AssertThrow(!stages.empty(),
                dealii::ExcMessage("Parameter 'Cycling/Schedule' has no "
                                   "stages. " +
                                   grammar));
    return stages;
  }
} // namespace deadli
